// Which credential source the function uses: Secrets Manager in production (AGORA_SECRET_ID), or,
// for local runs only, AGORA_APP_ID + AGORA_APP_CERTIFICATE from the environment (core's variableCredentials).
import { ConfigError, type CredentialSource, type Logger, variableCredentials } from '@tokenfn/core/http';
import {
  type SecretsManagerCredentialsOptions,
  secretsManagerCredentials,
} from './secrets-manager-credentials';

export type SecretsManagerTuning = Omit<SecretsManagerCredentialsOptions, 'secretId' | 'logger'>;

const HOW_TO_SET = {
  AGORA_APP_ID: 'set it next to AGORA_APP_CERTIFICATE, or set AGORA_SECRET_ID instead (production)',
  AGORA_APP_CERTIFICATE: 'set it next to AGORA_APP_ID, or set AGORA_SECRET_ID instead (production)',
} as const;

export function credentialSourceFromEnv(
  env: Record<string, string | undefined>,
  o: { logger: Logger; secretsManager?: SecretsManagerTuning },
): CredentialSource {
  const secretId = env['AGORA_SECRET_ID']?.trim();
  if (secretId) {
    return secretsManagerCredentials({
      secretId,
      ...(env['AWS_REGION'] ? { region: env['AWS_REGION'] } : {}),
      ...o.secretsManager,
      logger: o.logger,
    });
  }
  if (env['AGORA_APP_ID']?.trim() || env['AGORA_APP_CERTIFICATE']?.trim()) {
    o.logger.warn({
      message:
        'credentials from AGORA_APP_ID/AGORA_APP_CERTIFICATE environment variables: for local use; set AGORA_SECRET_ID in production',
    });
    return variableCredentials(env, { howToSet: HOW_TO_SET });
  }
  throw new ConfigError(
    'AGORA_SECRET_ID',
    'is required (the Secrets Manager secret holding {"appId","appCertificate"}); for local runs AGORA_APP_ID and AGORA_APP_CERTIFICATE may be set instead',
  );
}
