// The deployment's types live with the construct (@tokenfn/cdk); the stage names and context keys are
// this app's own.
export type {
  AlarmNotificationConfig,
  AlarmThresholds,
  AuthConfig,
  ClaimBindings,
  CustomDomainConfig,
  SecretSource,
  ThrottleConfig,
  TokenApiConfig,
} from '@tokenfn/cdk';

/** Raised for a configuration that must not be deployed; the message says what to pass instead. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}
