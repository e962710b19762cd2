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
import type { AgoraSecret } from './agora-secret';
import type { TokenApiConfig } from './config';
import { LAMBDA_ENTRY_FILE, LAMBDA_HANDLER } from './lambda-bundle';

/** The function's runtime: the newest Node.js Lambda offers (the issue asks for 22 or newer; cdk-nag L1 asks for the latest). The bundle targets Node 20 syntax, so it runs on any of them. */
export const TOKEN_FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

export interface TokenFunctionProps {
  readonly config: TokenApiConfig;
  readonly secret: AgoraSecret;
  /** A directory holding the built `index.mjs`. */
  readonly codeDir: string;
}

/** The DESIGN.md configuration of the function, from the stage config. Only set names are present. */
export function functionEnvironment(config: TokenApiConfig, secretId: string): Record<string, string> {
  const env: Record<string, string> = {
    AGORA_SECRET_ID: secretId,
    SECRET_CACHE_SECONDS: String(config.secretCacheSeconds),
    SECRET_MAX_STALE_SECONDS: String(config.secretMaxStaleSeconds),
    DEFAULT_EXPIRES_IN: String(config.defaultExpiresIn),
    MAX_EXPIRES_IN: String(config.maxExpiresIn),
  };
  const { auth } = config;
  switch (auth.mode) {
    case 'jwt':
      // API Gateway verified the token; the function reads the verified claims. Issuer and audience
      // are here for reference (logs, /openapi.json), not for a second verification.
      env['AUTH_MODE'] = 'gateway';
      env['JWT_ISSUER'] = auth.issuer;
      env['JWT_AUDIENCE'] = auth.audience.join(',');
      break;
    case 'api-key':
      env['AUTH_MODE'] = 'api-key';
      env['API_KEY_HASHES'] = auth.apiKeyHashes.join(',');
      break;
    case 'none':
      env['AUTH_MODE'] = 'none';
      env['ALLOW_UNAUTHENTICATED'] = 'true';
      break;
  }
  if (auth.mode !== 'none') {
    if (auth.uidClaim !== undefined) env['JWT_UID_CLAIM'] = auth.uidClaim;
    if (auth.channelsClaim !== undefined) env['JWT_CHANNELS_CLAIM'] = auth.channelsClaim;
    if (auth.publishClaim !== undefined) env['JWT_PUBLISH_CLAIM'] = auth.publishClaim;
    if (auth.chatAppClaim !== undefined) env['CHAT_APP_CLAIM'] = auth.chatAppClaim;
  }
  if (config.corsAllowOrigins.length > 0) env['CORS_ALLOW_ORIGINS'] = config.corsAllowOrigins.join(',');
  if (config.compatRoutes) env['COMPAT_ROUTES'] = 'agora-token-service';
  return env;
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
      // Only the bundle: the source map stays in the repository (symbolicate stack traces locally).
      code: Code.fromAsset(props.codeDir, { exclude: ['*', `!${LAMBDA_ENTRY_FILE}`] }),
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
