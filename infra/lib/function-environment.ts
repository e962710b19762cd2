// The function's environment: the stage config in the app's own variable names, checked by the app's own
// loadConfig so that synth refuses exactly what the deployed function would.
import { ConfigError, loadConfig } from '@tokenfn/http';
import { StageConfigError, type TokenApiConfig } from './config';

/** Stage context keys by the function variable they become: an error the app finds names what the user typed. */
const CONTEXT_KEY: Record<string, string> = {
  AUTH_MODE: 'authMode',
  JWT_ISSUER: 'jwtIssuer',
  JWT_AUDIENCE: 'jwtAudience',
  JWT_UID_CLAIM: 'jwtUidClaim',
  JWT_CHANNELS_CLAIM: 'jwtChannelsClaim',
  JWT_PUBLISH_CLAIM: 'jwtPublishClaim',
  CHAT_APP_CLAIM: 'chatAppClaim',
  API_KEY_HASHES: 'apiKeyHashes',
  CORS_ALLOW_ORIGINS: 'corsAllowOrigins',
  ALLOW_UNAUTHENTICATED: 'allowUnauthenticated',
};

/**
 * The function's configuration (the app's variable names), from the stage config. Only set names are
 * present. It is checked with the app's own loadConfig, so synth refuses exactly what the function would.
 */
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
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const key = CONTEXT_KEY[error.variable];
    const reason = error.message.slice(error.variable.length + 2);
    throw new StageConfigError(key ? `${key}: ${reason} (the function's ${error.variable})` : error.message);
  }
  return env;
}
