// The production credential source: one GetSecretValue call to AWS Secrets Manager, whose SecretString is
// `{"appId": "...", "appCertificate": "..."}`. Caching, coalescing and stale-on-error are core's
// cachedCredentials; this file only fetches, parses and reports failures (never the secret's value).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AgoraCredentials } from '@tokenfn/core';
import {
  type CredentialSource,
  CredentialsUnavailableError,
  credentialStoreFailure,
  type Logger,
  parseSecretString,
} from '@tokenfn/core/http';

export interface SecretsManagerCredentialsOptions {
  /** Name or ARN of the secret (AGORA_SECRET_ID). */
  secretId: string;
  /** A ready client (tests, custom config). Otherwise one is made with the timeouts below. */
  client?: Pick<SecretsManagerClient, 'send'>;
  region?: string;
  /** Attempts per fetch, including the first (SDK standard retry mode: backoff with jitter). Default 3. */
  maxAttempts?: number;
  /** TCP connect timeout per attempt. Default 1000 ms. */
  connectionTimeoutMs?: number;
  /** Whole-response timeout per attempt. Default 2000 ms. */
  requestTimeoutMs?: number;
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

export function createSecretsManagerClient(o: Omit<SecretsManagerCredentialsOptions, 'secretId' | 'client'>) {
  return new SecretsManagerClient({
    ...(o.region ? { region: o.region } : {}),
    maxAttempts: o.maxAttempts ?? SECRETS_MANAGER_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: o.connectionTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.connectionTimeoutMs,
      requestTimeout: o.requestTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.requestTimeoutMs,
      // Without this the SDK only prints a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      // The HTTP handler's own warnings (socket pool pressure) as JSON lines, not bare console text.
      ...(o.logger ? { logger: sdkLogger(o.logger) } : {}),
    },
  });
}

export function secretsManagerCredentials(o: SecretsManagerCredentialsOptions): CredentialSource {
  const client = o.client ?? createSecretsManagerClient(o);
  const { secretId, logger } = o;
  const totalTimeoutMs = o.totalTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.totalTimeoutMs;
  return {
    async get(): Promise<AgoraCredentials> {
      let secretString: string | undefined;
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }), {
          abortSignal: AbortSignal.timeout(totalTimeoutMs),
        });
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

function sdkLogger(logger: Logger) {
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.name : String(a))).join(' ');
  return {
    debug: () => {},
    trace: () => {},
    info: () => {},
    warn: (...args: unknown[]) => logger.warn({ message: `aws-sdk: ${text(args)}` }),
    error: (...args: unknown[]) => logger.error({ message: `aws-sdk: ${text(args)}` }),
  };
}
