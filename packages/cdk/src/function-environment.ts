// The function's environment: the construct's props in the app's own variable names, checked by the app's
// own loadConfig so that synth refuses exactly what the deployed function would.
import { ConfigError, loadConfig } from '@tokenfn/http';
import { Fn, Token } from 'aws-cdk-lib';
import { type TokenApiConfig, TokenApiConfigError } from './config.js';

/** The prop each function variable comes from: an error the app finds names what the user wrote. */
const PROP: Record<string, string> = {
  AUTH_MODE: 'auth.mode',
  JWT_ISSUER: 'auth.issuer',
  JWT_AUDIENCE: 'auth.audience',
  JWT_UID_CLAIM: 'auth.uidClaim',
  JWT_CHANNELS_CLAIM: 'auth.channelsClaim',
  JWT_PUBLISH_CLAIM: 'auth.publishClaim',
  CHAT_APP_CLAIM: 'auth.chatAppClaim',
  AGENT_TOKEN_CLAIM: 'auth.agentTokenClaim',
  JWT_PRODUCTS_CLAIM: 'auth.productsClaim',
  JWT_APPS_CLAIM: 'auth.appsClaim',
  API_KEY_SCOPES: 'auth.apiKeyScopes',
  AGORA_DEFAULT_APP: 'defaultApp',
  DEFAULT_PRODUCTS: 'defaultProducts',
  API_KEY_HASHES: 'auth.apiKeyHashes',
  CORS_ALLOW_ORIGINS: 'corsAllowOrigins',
  ALLOW_UNAUTHENTICATED: 'auth.allowUnauthenticated',
  DEFAULT_EXPIRES_IN: 'defaultExpiresIn',
  MAX_EXPIRES_IN: 'maxExpiresIn',
  SECRET_CACHE_SECONDS: 'secretCacheSeconds',
  SECRET_MAX_STALE_SECONDS: 'secretMaxStaleSeconds',
};

/**
 * The function's configuration (the app's variable names), from the resolved props. Only set names are
 * present. It is checked with the app's own loadConfig, so synth refuses exactly what the function would;
 * values known only at deploy time (CloudFormation parameters) are left to the function's own check.
 */
export function functionEnvironment(config: TokenApiConfig, secretId: string): Record<string, string> {
  const env: Record<string, string> = {
    AGORA_SECRET_ID: secretId,
    SECRET_CACHE_SECONDS: String(config.secretCacheSeconds),
    SECRET_MAX_STALE_SECONDS: String(config.secretMaxStaleSeconds),
    DEFAULT_EXPIRES_IN: String(config.defaultExpiresIn),
    MAX_EXPIRES_IN: String(config.maxExpiresIn),
    METRICS_NAMESPACE: config.metricsNamespace,
  };
  const { auth } = config;
  switch (auth.mode) {
    case 'jwt':
      // API Gateway verified the token; the function reads the verified claims. Issuer and audience
      // are here for reference (logs, /openapi.json), not for a second verification.
      env['AUTH_MODE'] = 'gateway';
      env['JWT_ISSUER'] = auth.issuer;
      // Fn.join: the audience may be a CloudFormation list parameter (a literal list joins at synth).
      env['JWT_AUDIENCE'] = Fn.join(',', [...auth.audience]);
      break;
    case 'api-key':
      env['AUTH_MODE'] = 'api-key';
      env['API_KEY_HASHES'] = auth.apiKeyHashes.join(',');
      if (auth.apiKeyScopes !== undefined) env['API_KEY_SCOPES'] = JSON.stringify(auth.apiKeyScopes);
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
    if (auth.agentTokenClaim !== undefined) env['AGENT_TOKEN_CLAIM'] = auth.agentTokenClaim;
    if (auth.productsClaim !== undefined) env['JWT_PRODUCTS_CLAIM'] = auth.productsClaim;
    if (auth.appsClaim !== undefined) env['JWT_APPS_CLAIM'] = auth.appsClaim;
  }
  if (config.defaultApp !== undefined) env['AGORA_DEFAULT_APP'] = config.defaultApp;
  if (config.defaultProducts !== undefined) env['DEFAULT_PRODUCTS'] = config.defaultProducts.join(',');
  if (config.corsAllowOrigins.length > 0) env['CORS_ALLOW_ORIGINS'] = config.corsAllowOrigins.join(',');
  if (config.compatRoutes) env['COMPAT_ROUTES'] = 'agora-token-service';
  if (Object.entries(env).some(([name, value]) => name !== 'AGORA_SECRET_ID' && Token.isUnresolved(value))) {
    return env;
  }
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const prop = PROP[error.variable];
    const reason = error.message.slice(error.variable.length + 2);
    throw new TokenApiConfigError(
      prop ? `${prop}: ${reason} (the function's ${error.variable})` : error.message,
      error.variable,
    );
  }
  return env;
}
