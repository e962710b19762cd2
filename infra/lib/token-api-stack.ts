import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AgoraSecret } from './agora-secret';
import type { TokenApiConfig } from './config';
import { TokenApiAlarms } from './token-api-alarms';
import { TokenFunction } from './token-function';
import { TokenHttpApi } from './token-http-api';

export interface TokenApiStackProps extends StackProps {
  readonly config: TokenApiConfig;
  /** A directory holding the built Lambda bundle `index.mjs` (see `requireLambdaBundle`). */
  readonly lambdaCodeDir: string;
}

/** tokenfn on AWS: the token function behind an HTTP API, its secret, logs and alarms. */
export class TokenApiStack extends Stack {
  readonly secret: AgoraSecret;
  readonly tokenFunction: TokenFunction;
  readonly httpApi: TokenHttpApi;
  readonly alarms: TokenApiAlarms;

  constructor(scope: Construct, id: string, props: TokenApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.secret = new AgoraSecret(this, 'AgoraSecret', {
      source: config.secret,
      stage: config.stage,
      retainOnDelete: config.retainOnDelete,
    });
    this.tokenFunction = new TokenFunction(this, 'TokenFunction', {
      config,
      secret: this.secret,
      codeDir: props.lambdaCodeDir,
    });
    this.httpApi = new TokenHttpApi(this, 'HttpApi', { config, handler: this.tokenFunction.function });
    this.alarms = new TokenApiAlarms(this, 'Alarms', {
      config,
      handler: this.tokenFunction.function,
      api: this.httpApi.api,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the token API', value: this.httpApi.url });
    new CfnOutput(this, 'SecretArn', {
      description:
        config.secret.kind === 'name'
          ? 'ARN of the Agora secret, without the 6-character suffix (given by name)'
          : 'ARN of the Agora secret ({"appId","appCertificate"})',
      value: this.secret.displayArn,
    });
    new CfnOutput(this, 'FunctionName', { value: this.tokenFunction.function.functionName });
    new CfnOutput(this, 'FunctionLogGroup', { value: this.tokenFunction.logGroup.logGroupName });
    new CfnOutput(this, 'AccessLogGroup', { value: this.httpApi.accessLogGroup.logGroupName });
    if (this.alarms.topic !== undefined) {
      new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    }
    if (this.httpApi.domainName !== undefined) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Point a CNAME (or Route 53 alias) for the custom domain at this name',
        value: this.httpApi.domainName.regionalDomainName,
      });
    }
  }
}
