// The handler with its credentials from the loopback Secrets Manager (the built-in client, configured from
// the environment as on Lambda): each store fault has a defined outcome at the HTTP level. Time is
// injected so the cache windows pass without waiting.
import { verifyToken } from '@tokenfn/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../src/handler';
import { INTERNAL_ERROR, SecretsManagerFake, THROTTLING } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';
import { invoke, rtcRequest, sha256Hex, waitFor } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT_1 = '11111111111111111111111111111111';
const CERT_2 = '2222222222222222222222222222222a';
const API_KEY = 'test-api-key-handler-secrets-0001';
const CACHE = 300;
const MAX_STALE = 600;

const fake = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
secrets.add(CERT_1, CERT_2, API_KEY);
let env: Record<string, string>;
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;

beforeAll(async () => {
  env = {
    ...awsEnvFor(await fake.start()),
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: await sha256Hex(API_KEY),
    SECRET_CACHE_SECONDS: String(CACHE),
    SECRET_MAX_STALE_SECONDS: String(MAX_STALE),
  };
});
afterEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
  offsetMs = 0;
});
afterAll(async () => {
  expectCleanLogs(logs.lines, secrets);
  await fake.close();
});

let secretCounter = 0;
function handlerWithSecret(value: string | undefined, o: { timeoutMs?: number; maxAttempts?: number } = {}) {
  const secretId = `tokenfn/test-${++secretCounter}`;
  if (value !== undefined) fake.putSecret(secretId, value);
  const handler = createLambdaHandler({
    env: { ...env, AGORA_SECRET_ID: secretId },
    writeLog: logs.write,
    clock,
    secretsManager: { requestTimeoutMs: o.timeoutMs ?? 500, maxAttempts: o.maxAttempts ?? 3 },
  });
  return { handler, secretId };
}

const secretJson = (appCertificate: string) => JSON.stringify({ appId: APP_ID, appCertificate });

async function tokenFrom(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { token: string; appId: string };
  expect(body.appId).toBe(APP_ID);
  secrets.add(body.token);
  return body.token;
}

async function expect503(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const text = await response.text();
  expect(text).not.toMatch(/"token"/);
  for (const s of secrets) expect(text).not.toContain(s);
  return JSON.parse(text) as { code: string; status: number };
}

describe('handler credentials from Secrets Manager', () => {
  it('starts fetching the secret during init, before the first event, and reuses it', async () => {
    const { handler, secretId } = handlerWithSecret(secretJson(CERT_1));
    await waitFor(() => fake.getSecretValueCalls === 1);
    expect(fake.requests[0]?.secretId).toBe(secretId);
    const token = await tokenFrom(await invoke(handler, rtcRequest(API_KEY)));
    expect(verifyToken(token, CERT_1)).toBe(true);
    await tokenFrom(await invoke(handler, rtcRequest(API_KEY), 'v1'));
    expect(fake.getSecretValueCalls).toBe(1);
  });

  it('throttled store: the client retries and the first request gets a token', async () => {
    fake.queueFaults(THROTTLING, THROTTLING);
    const { handler } = handlerWithSecret(secretJson(CERT_1));
    const token = await tokenFrom(await invoke(handler, rtcRequest(API_KEY)));
    expect(verifyToken(token, CERT_1)).toBe(true);
    expect(fake.getSecretValueCalls).toBe(3);
  });

  it('500s at init: retried; when every attempt fails, 503 and the next request tries again', async () => {
    fake.failAlways(INTERNAL_ERROR);
    const { handler } = handlerWithSecret(secretJson(CERT_1), { maxAttempts: 2 });
    await expect503(await invoke(handler, rtcRequest(API_KEY)));
    fake.clearFaults();
    offsetMs += 2000; // past the wrapper's pause after a failure
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
  });

  it('a store slower than the client timeout: 503 within the bounded retry time, health still 200', async () => {
    fake.failAlways({ kind: 'hang' });
    const { handler } = handlerWithSecret(secretJson(CERT_1), { timeoutMs: 150, maxAttempts: 2 });
    await expect503(await invoke(handler, rtcRequest(API_KEY)));
    expect(fake.getSecretValueCalls).toBe(2);
    expect((await invoke(handler, new Request('https://api.example.com/healthz'))).status).toBe(200);
    expect((await invoke(handler, new Request('https://api.example.com/readyz'))).status).toBe(503);
  });

  it('a missing secret (ResourceNotFoundException): 503 problem, readyz 503', async () => {
    const { handler } = handlerWithSecret(undefined);
    const problem = await expect503(await invoke(handler, rtcRequest(API_KEY)));
    expect(problem.status).toBe(503);
    expect((await invoke(handler, new Request('https://api.example.com/readyz'), 'v1')).status).toBe(503);
    const failed = logs.entries().filter((e) => e['message'] === 'secret fetch failed');
    expect(failed.some((e) => e['errorName'] === 'ResourceNotFoundException')).toBe(true);
  });

  /** Lets a refresh the cache started behind a request finish (the fake answers on loopback). */
  const backgroundRefresh = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('a malformed secret: 503, a clear log line, the value never logged', async () => {
    const before = logs.lines.length;
    const { handler } = handlerWithSecret(`{"appId":"${APP_ID}","appCertificate":"${CERT_2}"`); // truncated JSON
    await expect503(await invoke(handler, rtcRequest(API_KEY)));
    const lines = logs.lines.slice(before);
    expect(lines.some((l) => l.includes('secret malformed: '))).toBe(true);
    for (const line of lines) expect(line).not.toContain(CERT_2);
  });

  it('a rotated secret: the old value until the cache window ends, then (after one background refresh) the new one', async () => {
    const { handler, secretId } = handlerWithSecret(secretJson(CERT_1));
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
    fake.putSecret(secretId, secretJson(CERT_2));
    offsetMs = (CACHE - 5) * 1000;
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
    offsetMs = (CACHE + 5) * 1000;
    // The first request after the window is answered at once with the value in memory; it starts the refresh.
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
    await backgroundRefresh();
    const rotated = await tokenFrom(await invoke(handler, rtcRequest(API_KEY)));
    expect(verifyToken(rotated, CERT_2)).toBe(true);
    expect(verifyToken(rotated, CERT_1)).toBe(false);
    expect(fake.getSecretValueCalls).toBe(2);
  });

  it('store failing after the cache window: stale value for SECRET_MAX_STALE_SECONDS, then 503', async () => {
    const { handler } = handlerWithSecret(secretJson(CERT_1), { maxAttempts: 1 });
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
    fake.failAlways(INTERNAL_ERROR);
    offsetMs = (CACHE + 10) * 1000;
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
    await backgroundRefresh();
    offsetMs = (CACHE + MAX_STALE - 10) * 1000;
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY), 'v1')), CERT_1)).toBe(true);
    expect(logs.entries().some((e) => e['servingStale'] === true)).toBe(true);
    offsetMs = (CACHE + MAX_STALE + 10) * 1000;
    await expect503(await invoke(handler, rtcRequest(API_KEY)));
    // The store recovers: the next refresh after the back-off (1, 2, then 4 s after three failures)
    // serves the current value again.
    fake.clearFaults();
    offsetMs += 4001;
    expect(verifyToken(await tokenFrom(await invoke(handler, rtcRequest(API_KEY))), CERT_1)).toBe(true);
  });
});
