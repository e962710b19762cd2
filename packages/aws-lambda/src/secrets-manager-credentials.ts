// The production credential source: one GetSecretValue call to AWS Secrets Manager, whose SecretString is
// `{"appId": "...", "appCertificate": "...", "previousAppCertificate"?: "..."}` or `{"apps": {name: {…}}}`. Caching, coalescing and stale-on-error are
// cachedCredentials; this file only fetches, parses and reports failures (never the secret's value).
import {
  type CredentialSource,
  CredentialsUnavailableError,
  credentialStoreFailure,
  type LoadedCredentials,
  type Logger,
  parseSecretString,
} from '@tokenfn/http';
import type { GetSecretValue } from './secrets-manager-client';

export interface SecretsManagerCredentialsOptions {
  /** Name or ARN of the secret (AGORA_SECRET_ID). */
  secretId: string;
  /** The call to Secrets Manager: ./secrets-manager-client's createGetSecretValue, or ./sdk's sdkGetSecretValue. */
  getSecretValue: GetSecretValue;
  /** Deadline for one fetch, all attempts and backoff included (well inside a 10 s function timeout). Default 5000 ms. */
  totalTimeoutMs?: number;
  logger?: Logger;
}

export const SECRETS_MANAGER_DEFAULTS = {
  maxAttempts: 3,
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  totalTimeoutMs: 5000,
} as const;

export function secretsManagerCredentials(o: SecretsManagerCredentialsOptions): CredentialSource {
  const { secretId, logger, getSecretValue } = o;
  const totalTimeoutMs = o.totalTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.totalTimeoutMs;
  return {
    async get(): Promise<LoadedCredentials> {
      let secretString: string | undefined;
      try {
        const out = await getSecretValue(secretId, AbortSignal.timeout(totalTimeoutMs));
        secretString = out.SecretString;
        logger?.info({ message: 'secret loaded', secretId, versionId: out.VersionId });
      } catch (error) {
        const meta = (error as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
        logger?.error({
          message: 'secret fetch failed',
          secretId,
          errorName: (error as Error).name,
          httpStatusCode: meta?.httpStatusCode,
          attempts: meta?.attempts,
        });
        throw credentialStoreFailure('Secrets Manager GetSecretValue', error);
      }
      if (typeof secretString !== 'string') {
        logger?.error({
          message: 'secret malformed: no SecretString (binary secrets are not supported)',
          secretId,
        });
        throw new CredentialsUnavailableError('ERR_CREDENTIALS_MALFORMED', 'The secret has no SecretString.');
      }
      try {
        return parseSecretString(secretString);
      } catch (error) {
        // parseSecretString's message names the problem and never contains the value.
        logger?.error({ message: `secret malformed: ${(error as Error).message}`, secretId });
        throw error;
      }
    },
  };
}
