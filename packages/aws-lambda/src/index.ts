// @tokenfn/aws-lambda as a library: the translation, the credential source and the handler factory.
// The deployed entry (`handler`, built into dist/index.mjs) is ./lambda-entry.ts. The Secrets Manager client
// the bundle uses is internal; the same source through the AWS SDK: `@tokenfn/aws-lambda/sdk`.

export { credentialSourceFromEnv, type SecretsManagerTuning } from './credentials-from-env';
export type { HttpApiEventV2, ProxyEvent, RestApiEventV1, ResultV1, ResultV2 } from './events';
export { exchangeFromEvent, UnsupportedEventError } from './exchange-from-event';
export { gatewayIdentityFromEvent } from './gateway-identity';
export type { CreateLambdaHandlerOptions, LambdaContextLike, LambdaHandler } from './handler';
export { createLambdaHandler } from './handler';
export { lambdaJsonLogger } from './lambda-logger';
export {
  DEFAULT_METRICS_NAMESPACE,
  emfLogger,
  emfMembers,
  METRIC_DIMENSIONS,
  METRICS,
  type MetricsOptions,
  metricsOptionsFromEnv,
} from './metrics';
export { resultV1FromExchange, resultV2FromExchange } from './result-from-exchange';
export { SecretsManagerError } from './secrets-manager-client';
export {
  SECRETS_MANAGER_DEFAULTS,
  type SecretsManagerCredentialsOptions,
  secretsManagerCredentials,
} from './secrets-manager-credentials';
export { configuredEndpoint, regionalEndpoint } from './secrets-manager-endpoint';
