// The handler with its secret from the AWS Parameters and Secrets Lambda Extension (a loopback stand-in of
// its HTTP endpoint): chosen when PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is set and no Secrets Manager
// endpoint is; authenticated with the session token; retried on 5xx; an explicit endpoint still wins.
import { verifyToken } from '@tokenfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../src/handler';
import { SecretsExtensionFake } from './fakes/secrets-extension';
import { FAKE_CREDENTIALS, SecretsManagerFake } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';
import { invoke, rtcRequest, sha256Hex } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT = '33333333333333333333333333333333';
const STORE_CERT = '44444444444444444444444444444444';
const API_KEY = 'test-api-key-secrets-extension-01';
const SECRET_ID = 'tokenfn/extension';

const extension = new SecretsExtensionFake(FAKE_CREDENTIALS.sessionToken);
const store = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
secrets.add(CERT, STORE_CERT, API_KEY, FAKE_CREDENTIALS.sessionToken, FAKE_CREDENTIALS.secretAccessKey);
let env: Record<string, string>;
let storeEndpoint = '';

beforeAll(async () => {
  const port = await extension.start();
  storeEndpoint = await store.start();
  extension.putSecret(SECRET_ID, JSON.stringify({ appId: APP_ID, appCertificate: CERT }));
  store.putSecret(SECRET_ID, JSON.stringify({ appId: APP_ID, appCertificate: STORE_CERT }));
  const { AWS_ENDPOINT_URL_SECRETS_MANAGER: _endpoint, ...aws } = awsEnvFor(storeEndpoint);
  env = {
    ...aws,
    AGORA_SECRET_ID: SECRET_ID,
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: await sha256Hex(API_KEY),
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
  };
});

afterAll(async () => {
  expectCleanLogs(logs.lines, secrets);
  await extension.close();
  await store.close();
});

const handler = (extra: Record<string, string | undefined> = {}) =>
  createLambdaHandler({
    env: { ...env, ...extra },
    writeLog: logs.write,
    secretsManager: { requestTimeoutMs: 500 },
  });

async function tokenOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  secrets.add(token);
  return token;
}

describe('credentials through the Parameters and Secrets extension', () => {
  it('reads the secret from the extension with the session token; Secrets Manager itself is not called', async () => {
    extension.requests.length = 0;
    store.requests.length = 0;
    const token = await tokenOf(await invoke(handler(), rtcRequest(API_KEY)));
    expect(verifyToken(token, CERT)).toBe(true);
    expect(extension.requests).toEqual([{ secretId: SECRET_ID, tokenValid: true }]);
    expect(store.requests).toHaveLength(0);
  });

  it('retries an extension that answers 500, then serves', async () => {
    extension.failNext(2);
    expect(verifyToken(await tokenOf(await invoke(handler(), rtcRequest(API_KEY))), CERT)).toBe(true);
  });

  it('a refused token or a missing secret is a 503 that names no secret, not retried', async () => {
    extension.requests.length = 0;
    const wrong = await invoke(handler({ AWS_SESSION_TOKEN: 'another-session' }), rtcRequest(API_KEY));
    expect(wrong.status).toBe(503);
    expect(extension.requests).toHaveLength(1);
    const missing = await invoke(handler({ AGORA_SECRET_ID: 'tokenfn/none' }), rtcRequest(API_KEY));
    expect(missing.status).toBe(503);
    const failed = logs.entries().filter((e) => e['message'] === 'secret fetch failed');
    expect(failed.map((e) => e['errorName'])).toEqual(
      expect.arrayContaining(['ExtensionHttp400', 'ResourceNotFoundException']),
    );
  });

  it('an explicit Secrets Manager endpoint wins over the extension (local stand-ins, LocalStack)', async () => {
    const token = await tokenOf(
      await invoke(handler({ AWS_ENDPOINT_URL_SECRETS_MANAGER: storeEndpoint }), rtcRequest(API_KEY)),
    );
    expect(verifyToken(token, STORE_CERT)).toBe(true);
  });

  it('a port that is no port is a configuration error naming the variable', async () => {
    const res = await invoke(handler({ PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: 'x' }), rtcRequest(API_KEY));
    expect(res.status).toBe(500);
    expect(
      logs
        .entries()
        .some(
          (e) => e['code'] === 'ERR_CONFIG' && e['variable'] === 'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
        ),
    ).toBe(true);
  });
});
