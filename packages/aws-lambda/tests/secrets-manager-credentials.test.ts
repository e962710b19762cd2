// Both Secrets Manager clients, the built-in one the bundle deploys and the real @aws-sdk/client-secrets-manager,
// against the loopback Secrets Manager, with the same faults injected and the same outcomes expected.
import { CredentialsUnavailableError } from '@tokenfn/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { credentialSourceFromEnv, type SecretsManagerTuning } from '../src/credentials-from-env';
import { createSdkSecretsManagerClient, sdkGetSecretValue } from '../src/sdk';
import { INTERNAL_ERROR, SecretsManagerFake, THROTTLING } from './fakes/secrets-manager';
import { useAwsEnv } from './support/aws-env';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT = 'fedcba9876543210fedcba9876543210';
const SECRET = JSON.stringify({ appId: APP_ID, appCertificate: CERT });

const fake = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
secrets.add(CERT);
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = useAwsEnv(await fake.start());
  fake.putSecret('tokenfn/agora', SECRET);
});
afterEach(() => {
  // Every request either client sent carried a SigV4 signature the fake verified.
  for (const r of fake.requests) expect(r.signature).toBe('valid');
  fake.clearFaults();
  fake.requests.length = 0;
});
afterAll(async () => {
  expect(logs.lines.length).toBeGreaterThan(0);
  expectCleanLogs(logs.lines, secrets);
  await fake.close();
  restoreEnv();
});

const logger = {
  info: (e: object) => logs.write(JSON.stringify(e)),
  warn: (e: object) => logs.write(JSON.stringify(e)),
  error: (e: object) => logs.write(JSON.stringify(e)),
};

interface Tuning {
  secretId?: string;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  totalTimeoutMs?: number;
}

type Client = (t: Required<Omit<Tuning, 'secretId' | 'totalTimeoutMs'>>) => SecretsManagerTuning;
const CLIENTS: [string, Client][] = [
  // Region, endpoint and credentials from the environment, as on Lambda (useAwsEnv).
  ['built-in client', (t) => t],
  [
    'AWS SDK',
    (t) => ({
      getSecretValue: sdkGetSecretValue(
        createSdkSecretsManagerClient({ ...t, connectionTimeoutMs: 300, logger }),
      ),
    }),
  ],
];

async function failure(p: Promise<unknown>): Promise<CredentialsUnavailableError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialsUnavailableError);
  return error as CredentialsUnavailableError;
}

describe.each(CLIENTS)('secretsManagerCredentials with the %s', (_name, client) => {
  function source(o: Tuning = {}) {
    const env = { ...process.env, AGORA_SECRET_ID: o.secretId ?? 'tokenfn/agora' };
    const tuning = client({ maxAttempts: o.maxAttempts ?? 3, requestTimeoutMs: o.requestTimeoutMs ?? 300 });
    return credentialSourceFromEnv(env, {
      logger,
      secretsManager: {
        connectionTimeoutMs: 300,
        ...tuning,
        ...(o.totalTimeoutMs ? { totalTimeoutMs: o.totalTimeoutMs } : {}),
      },
    });
  }

  it('sends one signed JSON 1.1 GetSecretValue and parses the SecretString', async () => {
    expect(await source().get()).toEqual({ appId: APP_ID, appCertificate: CERT });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      target: 'secretsmanager.GetSecretValue',
      contentType: 'application/x-amz-json-1.1',
      secretId: 'tokenfn/agora',
    });
    expect(request?.credentialScope).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/secretsmanager\/aws4_request$/,
    );
  });

  it('throttling: retries with backoff, then succeeds', async () => {
    fake.queueFaults(THROTTLING);
    expect(await source().get()).toEqual({ appId: APP_ID, appCertificate: CERT });
    expect(fake.getSecretValueCalls).toBe(2);
  });

  it('500s: retried up to maxAttempts, success on the last attempt', async () => {
    fake.queueFaults(INTERNAL_ERROR, INTERNAL_ERROR);
    expect(await source({ maxAttempts: 3 }).get()).toEqual({ appId: APP_ID, appCertificate: CERT });
    expect(fake.getSecretValueCalls).toBe(3);
  });

  it('500s on every attempt: unavailable after exactly maxAttempts requests, logged without the value', async () => {
    fake.failAlways(INTERNAL_ERROR);
    const error = await failure(source({ maxAttempts: 2 }).get());
    expect(error.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(error.message).toContain('InternalServiceError');
    expect(fake.getSecretValueCalls).toBe(2);
    expect(JSON.parse(logs.lines.at(-1) ?? '{}')).toMatchObject({
      message: 'secret fetch failed',
      secretId: 'tokenfn/agora',
      errorName: 'InternalServiceError',
      httpStatusCode: 500,
      attempts: 2,
    });
  });

  it('a response slower than the request timeout is abandoned and retried', async () => {
    fake.queueFaults({ kind: 'delay', ms: 1500 });
    expect(await source({ requestTimeoutMs: 200 }).get()).toEqual({ appId: APP_ID, appCertificate: CERT });
    // Two requests: the first was given up after 200 ms (it would have answered after 1500 ms).
    expect(fake.getSecretValueCalls).toBe(2);
  });

  it('a store that never answers: TimeoutError after maxAttempts, bounded by the timeouts', async () => {
    fake.failAlways({ kind: 'hang' });
    const error = await failure(source({ requestTimeoutMs: 150, maxAttempts: 2 }).get());
    expect(error.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(error.message).toContain('TimeoutError');
    expect(fake.getSecretValueCalls).toBe(2);
  });

  it('the overall deadline ends a fetch that attempts and backoff would make longer', async () => {
    fake.failAlways({ kind: 'hang' });
    const error = await failure(
      source({ requestTimeoutMs: 5000, maxAttempts: 3, totalTimeoutMs: 300 }).get(),
    );
    expect(error.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    // Aborted by the deadline during the first attempt, not by a request timeout, and not retried.
    expect(error.message).toContain('AbortError');
    expect(fake.getSecretValueCalls).toBe(1);
  });

  it('a missing secret (ResourceNotFoundException) is not retried', async () => {
    const error = await failure(source({ secretId: 'tokenfn/missing' }).get());
    expect(error.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(error.message).toContain('ResourceNotFoundException');
    expect(fake.getSecretValueCalls).toBe(1);
  });

  it.each([
    ['not JSON', `{"appId": "${APP_ID}", "appCertificate": "${CERT}"`],
    ['a field missing', JSON.stringify({ appId: APP_ID })],
    [
      'a certificate that is not 32 hex characters',
      JSON.stringify({ appId: APP_ID, appCertificate: `${CERT}zz` }),
    ],
  ])(
    'a malformed secret (%s) is ERR_CREDENTIALS_MALFORMED with a clear log line, never the value',
    async (_name, value) => {
      fake.putSecret('tokenfn/malformed', value);
      secrets.add(`${CERT}zz`);
      const before = logs.lines.length;
      const error = await failure(source({ secretId: 'tokenfn/malformed' }).get());
      expect(error.code).toBe('ERR_CREDENTIALS_MALFORMED');
      expect(error.message).not.toContain(CERT);
      const lines = logs.lines.slice(before).map((l) => JSON.parse(l));
      expect(lines.some((l) => String(l.message).startsWith('secret malformed: '))).toBe(true);
      for (const line of logs.lines.slice(before)) expect(line).not.toContain(CERT);
    },
  );
});
