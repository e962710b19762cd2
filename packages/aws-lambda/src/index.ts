// @tokenfn/aws-lambda as a library: the translation, the credential source and the handler factory.
// The deployed entry (`handler`, built into dist/index.mjs) is ./lambda-entry.ts. Secrets Manager through
// the AWS SDK instead of the built-in client: `@tokenfn/aws-lambda/sdk`.

export { credentialSourceFromEnv, type SecretsManagerTuning } from './credentials-from-env';
export type { HttpApiEventV2, ProxyEvent, RestApiEventV1, ResultV1, ResultV2 } from './events';
export { gatewayIdentityFromEvent } from './gateway-identity';
export type { CreateLambdaHandlerOptions, LambdaContextLike, LambdaHandler } from './handler';
export { createLambdaHandler } from './handler';
export { lambdaJsonLogger } from './lambda-logger';
export { requestFromEvent, UnsupportedEventError } from './request-from-event';
export { resultV1FromResponse, resultV2FromResponse } from './result-from-response';
export {
  type AwsCredentials,
  createGetSecretValue,
  type GetSecretValue,
  type GetSecretValueOutput,
  type SecretsManagerClientOptions,
  SecretsManagerError,
} from './secrets-manager-client';
export {
  SECRETS_MANAGER_DEFAULTS,
  type SecretsManagerCredentialsOptions,
  secretsManagerCredentials,
} from './secrets-manager-credentials';
export { configuredEndpoint, regionalEndpoint } from './secrets-manager-endpoint';
