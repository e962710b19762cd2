// Where the Worker gets the App Certificate: a plain secret, or a Secrets Store binding; and what a
// missing, malformed or unreadable certificate does (503 problem + a clear log line, never the value).
import { verifyToken } from '@tokenfn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SecretsStoreSecret, WorkerEnv } from '../src/bindings';
import { SECRET_READ_TIMEOUT_MS } from '../src/credentials';
import { TEST_APP_CERTIFICATE, TEST_APP_ID } from './bindings.config';
import { bindings, captureLogs, randomHex32, rtcRequest, seedSecretsStore, worker } from './helpers';

const API_KEY = 'credentials-test-key';
let base: WorkerEnv;

beforeAll(async () => {
  base = {
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: Array.from(
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(API_KEY))),
      (b) => b.toString(16).padStart(2, '0'),
    ).join(''),
    AGORA_APP_ID: TEST_APP_ID,
  };
});

async function issue(env: WorkerEnv) {
  const res = await worker.fetch(rtcRequest({ 'x-api-key': API_KEY }), env);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

function expectNoSecretIn(text: string, ...secrets: string[]) {
  for (const s of secrets) expect(text).not.toContain(s);
}

describe('the certificate as a plain secret (wrangler secret put AGORA_APP_CERTIFICATE)', () => {
  it('signs tokens with it', async () => {
    const { res, body } = await issue({ ...base, AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE });
    expect(res.status).toBe(200);
    expect(body['appId']).toBe(TEST_APP_ID);
    expect(verifyToken(body['token'] as string, TEST_APP_CERTIFICATE)).toBe(true);
  });
});

describe('values are trimmed', () => {
  it('a certificate with a trailing newline (piped into `wrangler secret put`) still signs', async () => {
    const { res, body } = await issue({ ...base, AGORA_APP_CERTIFICATE: `${TEST_APP_CERTIFICATE}\n` });
    expect(res.status).toBe(200);
    expect(verifyToken(body['token'] as string, TEST_APP_CERTIFICATE)).toBe(true);
  });
});

describe('the certificate from a Secrets Store binding', () => {
  const storeCertificate = randomHex32();
  beforeAll(() => seedSecretsStore(bindings.CERTIFICATE_STORE, storeCertificate));

  it('reads it with get() and signs with it, not with anything else', async () => {
    const { res, body } = await issue({ ...base, AGORA_APP_CERTIFICATE: bindings.CERTIFICATE_STORE });
    expect(res.status).toBe(200);
    const token = body['token'] as string;
    expect(verifyToken(token, storeCertificate)).toBe(true);
    expect(verifyToken(token, TEST_APP_CERTIFICATE)).toBe(false);
  });

  it('reads the store once per cache window, not per request', async () => {
    let reads = 0;
    const counting: SecretsStoreSecret = {
      get: () => {
        reads++;
        return bindings.CERTIFICATE_STORE.get();
      },
    };
    const env = { ...base, AGORA_APP_CERTIFICATE: counting };
    for (let i = 0; i < 3; i++) expect((await issue(env)).res.status).toBe(200);
    expect(reads).toBe(1);
  });

  it('a store get() that throws is a 503 and the thrown message is not repeated', async () => {
    const failing: SecretsStoreSecret = { get: () => Promise.reject(new Error('store down: s3cr3t-detail')) };
    const { result, lines } = await captureLogs(() => issue({ ...base, AGORA_APP_CERTIFICATE: failing }));
    expect(result.res.status).toBe(503);
    expect(result.body['code']).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(JSON.stringify(lines)).toContain('from its store failed (Error)');
    expectNoSecretIn(JSON.stringify(lines) + JSON.stringify(result.body), 's3cr3t-detail');
  });
});

describe('a missing or malformed certificate', () => {
  it('missing: 503 ERR_CREDENTIALS_UNAVAILABLE and a log line saying how to set it', async () => {
    const { result, lines } = await captureLogs(() => issue({ ...base }));
    expect(result.res.status).toBe(503);
    expect(result.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(result.body).toMatchObject({ status: 503, code: 'ERR_CREDENTIALS_UNAVAILABLE' });
    expect(JSON.stringify(lines)).toContain('AGORA_APP_CERTIFICATE is not set');
    expect(JSON.stringify(lines)).toContain('wrangler secret put AGORA_APP_CERTIFICATE');
  });

  it('malformed: 503 ERR_CREDENTIALS_MALFORMED, and neither the log nor the response echo it', async () => {
    const bad = 'zz-not-a-certificate-but-secret-zz';
    const { result, lines } = await captureLogs(() => issue({ ...base, AGORA_APP_CERTIFICATE: bad }));
    expect(result.res.status).toBe(503);
    expect(result.body['code']).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(JSON.stringify(lines)).toContain('AGORA_APP_CERTIFICATE is malformed');
    expectNoSecretIn(JSON.stringify(lines) + JSON.stringify(result.body), bad);
  });

  it('a malformed AGORA_APP_ID is named too', async () => {
    const { result, lines } = await captureLogs(() =>
      issue({ ...base, AGORA_APP_ID: 'not-an-app-id', AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE }),
    );
    expect(result.res.status).toBe(503);
    expect(result.body['code']).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(JSON.stringify(lines)).toContain('AGORA_APP_ID is malformed');
    expectNoSecretIn(JSON.stringify(lines) + JSON.stringify(result.body), TEST_APP_CERTIFICATE);
  });

  it('/healthz touches no secret; /readyz reports the missing one', async () => {
    const env = { ...base };
    expect((await worker.fetch(new Request('https://tokenfn.test/healthz'), env)).status).toBe(200);
    const { result: ready } = await captureLogs(() =>
      worker.fetch(new Request('https://tokenfn.test/readyz'), env),
    );
    expect(ready.status).toBe(503);
    const ok = await worker.fetch(new Request('https://tokenfn.test/readyz'), {
      ...base,
      AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
    });
    expect(ok.status).toBe(200);
  });
});

describe('a Secrets Store get() that never settles', () => {
  it('is a 503 once the read times out, naming the variable, and not a request that hangs', async () => {
    const hanging: SecretsStoreSecret = { get: () => new Promise<string>(() => {}) };
    const started = Date.now();
    const { result, lines } = await captureLogs(() => issue({ ...base, AGORA_APP_CERTIFICATE: hanging }));
    expect(result.res.status).toBe(503);
    expect(result.body['code']).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(SECRET_READ_TIMEOUT_MS + 2000);
    expect(JSON.stringify(lines)).toContain(
      'AGORA_APP_CERTIFICATE: reading the secret from its store failed (TimeoutError)',
    );
  });
});

describe('AGORA_PREVIOUS_APP_CERTIFICATE and AGORA_APPS from Secrets Store bindings', () => {
  const current = randomHex32();
  const previous = randomHex32();
  const apps = { apps: { prod: { appId: TEST_APP_ID, appCertificate: current } } };
  beforeAll(async () => {
    await seedSecretsStore(bindings.PREVIOUS_STORE, previous);
    await seedSecretsStore(bindings.APPS_STORE, JSON.stringify(apps));
  });

  it('inspection accepts a token signed with the previous certificate; new tokens use the current one', async () => {
    const env = {
      ...base,
      AGORA_APP_CERTIFICATE: current,
      AGORA_PREVIOUS_APP_CERTIFICATE: bindings.PREVIOUS_STORE,
    };
    const { body } = await issue(env);
    expect(verifyToken(body['token'] as string, current)).toBe(true);
    const old = await issue({ ...base, AGORA_APP_CERTIFICATE: previous });
    const inspected = await worker.fetch(
      new Request('https://tokenfn.test/v1/tokens/inspect', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ token: old.body['token'] }),
      }),
      env,
    );
    expect(inspected.status).toBe(200);
    expect(await inspected.json()).toMatchObject({ signatureValid: true, certificate: 'previous' });
  });

  it('AGORA_APPS as a binding signs with the named app', async () => {
    const { AGORA_APP_ID: _, ...rest } = base;
    const { res, body } = await issue({ ...rest, AGORA_APPS: bindings.APPS_STORE });
    expect(res.status).toBe(200);
    expect(body['app']).toBe('prod');
    expect(verifyToken(body['token'] as string, current)).toBe(true);
  });
});
