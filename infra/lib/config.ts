// The deployment's types live with the construct (import them from @tokenfn/cdk); the stage names,
// context keys and this error are this app's own.

/** Raised for a configuration that must not be deployed; the message says what to pass instead. */
export class StageConfigError extends Error {
  override name = 'StageConfigError';
}
