// Which credential source the function uses: Secrets Manager in production (AGORA_SECRET_ID), or,
// for local runs only, AGORA_APP_ID + AGORA_APP_CERTIFICATE from the environment (@tokenfn/http's variableCredentials).
import {
  ConfigError,
  type CredentialSource,
  isLoopbackHost,
  type Logger,
  variableCredentials,
} from '@tokenfn/http';
import { createExtensionGetSecretValue } from './secrets-extension-client';
import {
  type AwsCredentials,
  createGetSecretValue,
  type GetSecretValue,
  SecretsManagerError,
} from './secrets-manager-client';
import { SECRETS_MANAGER_DEFAULTS, secretsManagerCredentials } from './secrets-manager-credentials';
import {
  booleanVariable,
  configuredEndpoint,
  isValidRegion,
  regionalEndpoint,
} from './secrets-manager-endpoint';

export interface SecretsManagerTuning {
  /** Replaces the built-in client (for example ./sdk's sdkGetSecretValue around your own SDK client). */
  getSecretValue?: GetSecretValue;
  /** Attempts per fetch, including the first (backoff with full jitter). Default 3. */
  maxAttempts?: number;
  /** TCP and TLS connect timeout per attempt. Default 1000 ms. */
  connectionTimeoutMs?: number;
  /** Whole-response timeout per attempt. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** Deadline for one fetch, all attempts and backoff included. Default 5000 ms. */
  totalTimeoutMs?: number;
  /** Backoff before retry `attempt` (tests). */
  retryDelayMs?: (attempt: number, throttled: boolean) => number;
}

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
    const tuning = o.secretsManager ?? {};
    return secretsManagerCredentials({
      secretId,
      getSecretValue: tuning.getSecretValue ?? getSecretValueFromEnv(env, tuning),
      ...(tuning.totalTimeoutMs !== undefined ? { totalTimeoutMs: tuning.totalTimeoutMs } : {}),
      logger: o.logger,
    });
  }
  if (env['AGORA_APP_ID']?.trim() || env['AGORA_APP_CERTIFICATE']?.trim() || env['AGORA_APPS']?.trim()) {
    o.logger.warn({
      message:
        'credentials from AGORA_APP_ID/AGORA_APP_CERTIFICATE (or AGORA_APPS) environment variables: for local use; set AGORA_SECRET_ID in production',
    });
    return variableCredentials(env, { howToSet: HOW_TO_SET });
  }
  throw new ConfigError(
    'AGORA_SECRET_ID',
    'is required (the Secrets Manager secret holding {"appId","appCertificate"}); for local runs AGORA_APP_ID and AGORA_APP_CERTIFICATE may be set instead',
  );
}

/**
 * How the function reaches Secrets Manager, from the environment:
 * - an endpoint set (AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL, a local stand-in): the built-in
 *   client, straight to it;
 * - else, with the AWS Parameters and Secrets Lambda Extension's layer (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT
 *   set, as CDK sets it for a function given `paramsAndSecrets`): the extension on localhost;
 * - else the built-in client to the region's endpoint.
 */
function getSecretValueFromEnv(
  env: Record<string, string | undefined>,
  t: SecretsManagerTuning,
): GetSecretValue {
  const port = extensionPort(env);
  if (port !== undefined && configuredEndpoint(env) === undefined) {
    return createExtensionGetSecretValue({
      port,
      sessionToken: () => env['AWS_SESSION_TOKEN'],
      maxAttempts: t.maxAttempts ?? SECRETS_MANAGER_DEFAULTS.maxAttempts,
      requestTimeoutMs: t.requestTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.requestTimeoutMs,
    });
  }
  return directGetSecretValue(env, t);
}

/** PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, when set: a port number, else a ConfigError. */
function extensionPort(env: Record<string, string | undefined>): number | undefined {
  const text = env['PARAMETERS_SECRETS_EXTENSION_HTTP_PORT']?.trim();
  if (!text) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new ConfigError('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', 'must be a port number 1..65535');
  }
  return port;
}

/** The built-in client, configured as Lambda configures a function: region and role credentials in env. */
function directGetSecretValue(
  env: Record<string, string | undefined>,
  t: SecretsManagerTuning,
): GetSecretValue {
  const { endpoint, region } = secretsManagerEndpointFromEnv(env);
  return createGetSecretValue({
    endpoint,
    region,
    credentials: () => credentialsFromEnv(env),
    maxAttempts: t.maxAttempts ?? SECRETS_MANAGER_DEFAULTS.maxAttempts,
    connectionTimeoutMs: t.connectionTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.connectionTimeoutMs,
    requestTimeoutMs: t.requestTimeoutMs ?? SECRETS_MANAGER_DEFAULTS.requestTimeoutMs,
    ...(t.retryDelayMs ? { retryDelayMs: t.retryDelayMs } : {}),
  });
}

/**
 * Where the built-in client sends GetSecretValue and the region it signs for, from the environment variables
 * the AWS SDK reads (compared with the SDK's own resolution in tests/secrets-manager-endpoint.test.ts).
 * Throws ConfigError naming the variable at fault.
 */
export function secretsManagerEndpointFromEnv(env: Record<string, string | undefined>): {
  endpoint: string;
  region: string;
} {
  const region = env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim();
  if (!region) throw new ConfigError('AWS_REGION', 'is required with AGORA_SECRET_ID (Lambda sets it)');
  if (/^fips-|-fips$/.test(region)) {
    // The SDK rewrites these legacy pseudo-regions; the function asks for the real region and the flag.
    throw new ConfigError(
      'AWS_REGION',
      'is a FIPS pseudo-region: set the region and AWS_USE_FIPS_ENDPOINT=true',
    );
  }
  if (!isValidRegion(region)) throw new ConfigError('AWS_REGION', 'is not a region name');
  const useFips = booleanVariable(env, 'AWS_USE_FIPS_ENDPOINT');
  const useDualStack = booleanVariable(env, 'AWS_USE_DUALSTACK_ENDPOINT');
  const custom = configuredEndpoint(env);
  if (custom === undefined) return { endpoint: regionalEndpoint({ region, useFips, useDualStack }), region };
  const customName = env['AWS_ENDPOINT_URL_SECRETS_MANAGER']?.trim()
    ? 'AWS_ENDPOINT_URL_SECRETS_MANAGER'
    : 'AWS_ENDPOINT_URL';
  if (useFips || useDualStack) {
    throw new ConfigError(
      customName,
      'cannot be combined with AWS_USE_FIPS_ENDPOINT or AWS_USE_DUALSTACK_ENDPOINT',
    );
  }
  if (!(URL.canParse(custom) && /^https?:$/.test(new URL(custom).protocol))) {
    throw new ConfigError(customName, 'is not an http(s) URL');
  }
  // The request is signed with the function's credentials: plain http only to this machine (a local
  // stand-in such as LocalStack), never across a network.
  const url = new URL(custom);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(customName, 'must be https (http only for a loopback host such as 127.0.0.1)');
  }
  return { endpoint: custom, region };
}

/** The execution role's credentials, which Lambda puts in the environment; read for every request. */
function credentialsFromEnv(env: Record<string, string | undefined>): AwsCredentials {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) {
    throw new SecretsManagerError(
      'CredentialsProviderError',
      'No AWS credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (Lambda sets them from the execution role)',
      { retryable: false },
    );
  }
  const sessionToken = env['AWS_SESSION_TOKEN'];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
