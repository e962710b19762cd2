// @tokenfn/cdk: tokenfn's AWS deployment as CDK constructs. `TokenApi` is the whole deployment; its parts
// are exported for those who assemble their own.

export { AgoraSecret, type AgoraSecretProps } from './agora-secret.js';
export type {
  AlarmNotificationConfig,
  AlarmThresholds,
  ApiKeyScope,
  AuthConfig,
  ClaimBindings,
  CustomDomainConfig,
  SecretSource,
  ThrottleConfig,
  TokenApiConfig,
} from './config.js';
export { TokenApiConfigError } from './config.js';
export { DASHBOARD_WIDGETS, TokenApiDashboard, type TokenApiDashboardProps } from './dashboard.js';
export { functionEnvironment } from './function-environment.js';
export {
  defaultLambdaCodeDir,
  LAMBDA_ENTRY_FILE,
  LAMBDA_HANDLER,
  LambdaBundleMissingError,
  requireLambdaBundle,
} from './lambda-bundle.js';
export { type TokenApiMetricName, TokenApiMetrics } from './metrics.js';
export { DEFAULT_ALARM_THRESHOLDS, resolveTokenApiProps, type TokenApiProps } from './props.js';
export { COMPAT_ROUTES, CONTRACT_ROUTES, type RouteSpec, routesFor } from './routes.js';
export {
  TEMPLATE_PARAMETERS,
  TokenApiTemplateStack,
  type TokenApiTemplateStackProps,
} from './template-stack.js';
export { TokenApi } from './token-api.js';
export { TokenApiAlarms, type TokenApiAlarmsProps } from './token-api-alarms.js';
export {
  lambdaCodeFromDirectory,
  TOKEN_FUNCTION_RUNTIME,
  TokenFunction,
  type TokenFunctionProps,
} from './token-function.js';
export { ACCESS_LOG_FIELDS, TokenHttpApi, type TokenHttpApiProps } from './token-http-api.js';
