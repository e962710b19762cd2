import { lambdaCodeFromDirectory, TokenApi, type TokenApiConfig } from '@tokenfn/cdk';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface TokenApiStackProps extends StackProps {
  readonly config: TokenApiConfig;
  /** A directory holding the built Lambda bundle `index.mjs` (see `requireLambdaBundle`). */
  readonly lambdaCodeDir: string;
}

/** tokenfn on AWS, one stage: the @tokenfn/cdk TokenApi construct and the outputs an operator reads. */
export class TokenApiStack extends Stack {
  readonly tokenApi: TokenApi;

  constructor(scope: Construct, id: string, props: TokenApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    // `Default`: the construct's parts keep the logical ids they had when they sat in the stack itself.
    this.tokenApi = new TokenApi(this, 'Default', {
      ...config,
      code: lambdaCodeFromDirectory(props.lambdaCodeDir),
    });
    const { secret, tokenFunction, httpApi, alarms, dashboard } = this.tokenApi;

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the token API', value: httpApi.url });
    new CfnOutput(this, 'SecretArn', {
      description:
        config.secret.kind === 'name'
          ? 'ARN of the Agora secret, without the 6-character suffix (given by name)'
          : 'ARN of the Agora secret ({"appId","appCertificate"})',
      value: secret.displayArn,
    });
    new CfnOutput(this, 'FunctionName', { value: tokenFunction.function.functionName });
    new CfnOutput(this, 'FunctionLogGroup', { value: tokenFunction.logGroup.logGroupName });
    new CfnOutput(this, 'AccessLogGroup', { value: httpApi.accessLogGroup.logGroupName });
    if (alarms.topic !== undefined) {
      new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    }
    if (dashboard !== undefined) {
      new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
    }
    if (httpApi.domainName !== undefined) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Point a CNAME (or Route 53 alias) for the custom domain at this name',
        value: httpApi.domainName.regionalDomainName,
      });
    }
  }
}
