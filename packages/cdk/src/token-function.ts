import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AgoraSecret } from './agora-secret.js';
import type { TokenApiConfig } from './config.js';
import { functionEnvironment } from './function-environment.js';
import { LAMBDA_ENTRY_FILE, LAMBDA_HANDLER, requireLambdaBundle } from './lambda-bundle.js';

/** The function's runtime: the newest Node.js Lambda offers (cdk-nag L1 asks for the latest), the Node the repository tests on. */
export const TOKEN_FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** The bundle in `dir` as the function's code: only `index.mjs` (the source map stays where it was built). */
export function lambdaCodeFromDirectory(dir: string): Code {
  return Code.fromAsset(requireLambdaBundle(dir), { exclude: ['*', `!${LAMBDA_ENTRY_FILE}`] });
}

export interface TokenFunctionProps {
  readonly config: TokenApiConfig;
  readonly secret: AgoraSecret;
  /** The function's code: a directory holding the built `index.mjs` (see `lambdaCodeFromDirectory`), or any Code. */
  readonly code: Code;
}

/**
 * The token function: the prebuilt bundle, arm64, JSON logs into its own log group, and a role that may
 * write to that log group and read that one secret, nothing else.
 */
export class TokenFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TokenFunctionProps) {
    super(scope, id);
    const { config, secret } = props;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: config.logRetention,
      removalPolicy: config.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy, which allows writing to
    // every log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `tokenfn (${config.stage}): write own logs, read the Agora secret`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadAgoraSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.policyResourceArn],
      }),
    );
    if (config.secretKmsKeyArn !== undefined) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: 'DecryptAgoraSecret',
          actions: ['kms:Decrypt'],
          resources: [config.secretKmsKeyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
          },
        }),
      );
    }

    this.function = new LambdaFunction(this, 'Function', {
      description: `tokenfn (${config.stage}): issues Agora access tokens`,
      runtime: TOKEN_FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      handler: LAMBDA_HANDLER,
      code: props.code,
      memorySize: config.memorySize,
      timeout: config.timeout,
      ...(config.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: config.reservedConcurrency }),
      environment: functionEnvironment(config, secret.secretId),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
    });
  }
}
