// `@tokenfn/aws-lambda/sdk`: Secrets Manager through @aws-sdk/client-secrets-manager, for a function that
// wants the SDK's full configuration (its credential chain, proxies, custom endpoints) or already has a
// configured client. The deployed bundle does not use it (see ./secrets-manager-client); tests run the same
// fault matrix through both.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '@tokenfn/http';
import type { GetSecretValue } from './secrets-manager-client';
import { SECRETS_MANAGER_DEFAULTS } from './secrets-manager-credentials';

/** GetSecretValue through an SDK client; SDK errors keep their `name` and `$metadata`. */
export function sdkGetSecretValue(client: Pick<SecretsManagerClient, 'send'>): GetSecretValue {
  return async (secretId, signal) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: signal });
    return {
      ...(out.SecretString !== undefined ? { SecretString: out.SecretString } : {}),
      ...(out.VersionId !== undefined ? { VersionId: out.VersionId } : {}),
    };
  };
}

export interface SdkClientOptions {
  region?: string;
  /** Attempts per fetch, including the first (SDK standard retry mode). Default 3. */
  maxAttempts?: number;
  /** Default 1000 ms. */
  connectionTimeoutMs?: number;
  /** Default 2000 ms. */
  requestTimeoutMs?: number;
  logger?: Logger;
}

/** An SDK client with the same retry and timeout defaults as the bundle's own client. */
export function createSdkSecretsManagerClient(o: SdkClientOptions = {}): SecretsManagerClient {
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
