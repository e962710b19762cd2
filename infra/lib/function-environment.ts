// The function's environment is the construct's (@tokenfn/cdk functionEnvironment, checked with the app's
// own loadConfig); here an error it finds is worded in this app's context keys, which the user typed.
import {
  functionEnvironment as constructEnvironment,
  type TokenApiConfig,
  TokenApiConfigError,
} from '@tokenfn/cdk';
import { StageConfigError } from './config';

/** Stage context keys by the function variable they become. */
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

/** The function's configuration (the app's variable names); a refusal names the context key. */
export function functionEnvironment(config: TokenApiConfig, secretId: string): Record<string, string> {
  try {
    return constructEnvironment(config, secretId);
  } catch (error) {
    if (!(error instanceof TokenApiConfigError)) throw error;
    const key = error.variable === undefined ? undefined : CONTEXT_KEY[error.variable];
    if (key === undefined) throw new StageConfigError(error.message);
    const reason = error.message
      .slice(error.message.indexOf(': ') + 2)
      .replace(/ \(the function's \w+\)$/, '');
    throw new StageConfigError(`${key}: ${reason} (the function's ${error.variable})`);
  }
}
