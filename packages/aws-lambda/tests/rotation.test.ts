// The certificate rotation runbook of infra/README.md, walked through against the loopback Secrets Manager
// with the clock injected: requests keep coming at every step, none fails, every token verifies with a
// certificate that Agora Console has enabled at that moment, and inspection tells old tokens from new ones.
import { verifyToken } from '@tokenfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHandler, type LambdaHandler } from '../src/handler';
import { SecretsManagerFake } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';
import { invoke, rtcRequest, sha256Hex, waitFor } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const OLD = '0123456789abcdef0123456789abcdef';
const NEW = 'fedcba9876543210fedcba9876543210';
const API_KEY = 'test-api-key-rotation-runbook-01';
const CACHE = 300;
const MAX_EXPIRES = 7200;
const SECRET_ID = 'tokenfn/prod/agora';

const fake = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
secrets.add(OLD, NEW, API_KEY);
let handler: LambdaHandler;
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
/** The certificates Agora Console has enabled: a token signed with any other is refused by Agora. */
const enabled = new Set([OLD]);
let requests = 0;

beforeAll(async () => {
  fake.putSecret(SECRET_ID, JSON.stringify({ appId: APP_ID, appCertificate: OLD }));
  handler = createLambdaHandler({
    env: {
      ...awsEnvFor(await fake.start()),
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: await sha256Hex(API_KEY),
      AGORA_SECRET_ID: SECRET_ID,
      SECRET_CACHE_SECONDS: String(CACHE),
      MAX_EXPIRES_IN: String(MAX_EXPIRES),
      DEFAULT_EXPIRES_IN: String(MAX_EXPIRES),
    },
    writeLog: logs.write,
    clock,
  });
});

afterAll(async () => {
  expectCleanLogs(logs.lines, secrets);
  await fake.close();
});

/** One token request: it must succeed, and the token must work with Agora at this moment. */
async function issue(): Promise<string> {
  requests++;
  const res = await invoke(handler, rtcRequest(API_KEY));
  expect(res.status, `request ${requests} at +${offsetMs / 1000}s`).toBe(200);
  const { token } = (await res.json()) as { token: string };
  secrets.add(token);
  expect(
    [...enabled].some((c) => verifyToken(token, c)),
    'signed with an enabled certificate',
  ).toBe(true);
  return token;
}

async function inspect(token: string): Promise<Record<string, unknown>> {
  const res = await invoke(
    handler,
    new Request('https://api.example.com/v1/tokens/inspect', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ token }),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Moves the clock on in steps of `stepSeconds`, issuing a token at each step (and letting refreshes land). */
async function trafficFor(seconds: number, stepSeconds = 30): Promise<string[]> {
  const tokens: string[] = [];
  for (let t = 0; t < seconds; t += stepSeconds) {
    offsetMs += stepSeconds * 1000;
    tokens.push(await issue());
    await new Promise((r) => setTimeout(r, 20)); // a refresh started behind the request finishes
  }
  return tokens;
}

describe('rotating the App Certificate without an outage (infra/README.md, "Rotate the App Certificate")', () => {
  it('walks the runbook with traffic at every step', async () => {
    await waitFor(() => fake.getSecretValueCalls === 1);
    const before = await issue();
    expect(verifyToken(before, OLD)).toBe(true);

    // 1. Agora Console: enable the secondary certificate. Both are valid from now on.
    enabled.add(NEW);
    await trafficFor(60);

    // 2. The secret: the new certificate as current, the old one as previous.
    fake.putSecret(
      SECRET_ID,
      JSON.stringify({ appId: APP_ID, appCertificate: NEW, previousAppCertificate: OLD }),
    );
    // 3. Wait the cache window (and a minute): warm functions move to the new certificate on their own.
    const during = await trafficFor(CACHE + 60);
    expect(verifyToken(during.at(-1)!, NEW)).toBe(true);
    expect(during.some((t) => verifyToken(t, OLD))).toBe(true); // served from the cache for a while

    // 4. Check: new tokens are signed with the current certificate; old ones are still recognised.
    expect(await inspect(await issue())).toMatchObject({ signatureValid: true, certificate: 'current' });
    expect(await inspect(before)).toMatchObject({ signatureValid: true, certificate: 'previous' });

    // Wait the longest token lifetime (MAX_EXPIRES_IN): every token signed with the old one has expired.
    await trafficFor(MAX_EXPIRES, 600);
    expect(await inspect(before)).toMatchObject({ expired: true, certificate: 'previous' });

    // 5. Agora Console: disable the old certificate; then drop it from the secret.
    enabled.delete(OLD);
    fake.putSecret(SECRET_ID, JSON.stringify({ appId: APP_ID, appCertificate: NEW }));
    await trafficFor(CACHE + 60);
    expect(await inspect(before)).toMatchObject({ signatureValid: false, certificate: null });
    expect(requests).toBeGreaterThanOrEqual(40);
  });
});
