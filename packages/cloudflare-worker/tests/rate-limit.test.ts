// Rate limiting with the Workers rate limiting binding, through the built Worker: keyed by the verified
// identity (API-key hash here; JWT subject in jwt.test.ts), failed authentications by client address,
// 429 problem with Retry-After, and no limit when the binding is absent.
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../src/bindings';
import {
  TEST_API_KEY,
  TEST_APP_CERTIFICATE,
  TEST_APP_ID,
  TIGHT_LIMIT,
  TIGHT_PERIOD,
} from './bindings.config';
import {
  bindings,
  captureLogs,
  recordingLimiter,
  rtcRequest,
  sha256Hex,
  startOfFreshWindow,
  worker,
} from './helpers';

const KEY_A = 'rate-limit-key-a';
const KEY_B = 'rate-limit-key-b';
let base: WorkerEnv;

beforeAll(async () => {
  base = {
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: `${await sha256Hex(KEY_A)},${await sha256Hex(KEY_B)}`,
    AGORA_APP_ID: TEST_APP_ID,
    AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  };
});

async function statuses(env: WorkerEnv, key: string, n: number): Promise<Response[]> {
  const out: Response[] = [];
  for (let i = 0; i < n; i++) out.push(await worker.fetch(rtcRequest({ 'x-api-key': key }), env));
  return out;
}

describe('with the RATE_LIMITER binding', () => {
  it('allows the limit per identity, then answers 429 with Retry-After; other identities are unaffected', async () => {
    await startOfFreshWindow(TIGHT_PERIOD);
    const limiter = recordingLimiter(bindings.TIGHT_RATE_LIMITER);
    const env = { ...base, RATE_LIMITER: limiter, RATE_LIMIT_PERIOD_SECONDS: String(TIGHT_PERIOD) };
    const a = await statuses(env, KEY_A, TIGHT_LIMIT + 1);
    expect(a.map((r) => r.status)).toEqual([...Array(TIGHT_LIMIT).fill(200), 429]);

    const refused = a[TIGHT_LIMIT]!;
    expect(refused.headers.get('retry-after')).toBe(String(TIGHT_PERIOD));
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toMatchObject({ status: 429, code: 'ERR_RATE_LIMITED' });

    const b = await statuses(env, KEY_B, 1);
    expect(b[0]!.status).toBe(200);

    // keyed by the SHA-256 of the key, never the key itself
    const hashA = await sha256Hex(KEY_A);
    expect(new Set(limiter.keys)).toEqual(new Set([`api-key:${hashA}`, `api-key:${await sha256Hex(KEY_B)}`]));
    for (const k of limiter.keys) {
      expect(k).not.toContain(KEY_A);
      expect(k).not.toContain(KEY_B);
    }
  });

  it('Retry-After follows RATE_LIMIT_PERIOD_SECONDS (default 60)', async () => {
    await startOfFreshWindow(TIGHT_PERIOD);
    const env = { ...base, RATE_LIMITER: bindings.TIGHT_RATE_LIMITER };
    const rs = await statuses(env, KEY_B, TIGHT_LIMIT + 1);
    const refused = rs.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('60');
  });

  it('an unauthenticated request is refused (401) before it costs anyone budget', async () => {
    const limiter = recordingLimiter(bindings.TIGHT_RATE_LIMITER);
    const env = { ...base, RATE_LIMITER: limiter };
    const r = await worker.fetch(rtcRequest({ 'x-api-key': 'wrong' }), env);
    expect(r.status).toBe(401);
    expect(limiter.keys).toEqual([]);
  });

  it('failed authentications count per client address (CF-Connecting-IP): a key-guessing flood gets 429', async () => {
    await startOfFreshWindow(TIGHT_PERIOD);
    const limiter = recordingLimiter(bindings.TIGHT_RATE_LIMITER);
    // a key no other test spends budget on
    const KEY_C = 'rate-limit-key-c';
    const env = {
      ...base,
      API_KEY_HASHES: `${base.API_KEY_HASHES},${await sha256Hex(KEY_C)}`,
      RATE_LIMITER: limiter,
      RATE_LIMIT_PERIOD_SECONDS: String(TIGHT_PERIOD),
    };
    const from = (ip: string, key: string) =>
      worker.fetch(rtcRequest({ 'x-api-key': key, 'cf-connecting-ip': ip }), env);
    const guesses: number[] = [];
    for (let i = 0; i < TIGHT_LIMIT + 2; i++) guesses.push((await from('203.0.113.7', `guess-${i}`)).status);
    expect(guesses).toEqual([...Array(TIGHT_LIMIT).fill(401), 429, 429]);
    // another address is not affected, nor is a valid key from the flooding one
    expect((await from('198.51.100.9', 'guess')).status).toBe(401);
    expect((await from('203.0.113.7', KEY_C)).status).toBe(200);
    expect(limiter.keys).toContain('auth-failure:203.0.113.7');
    for (const k of limiter.keys) expect(k).not.toContain('guess');
  });

  it('the binding declared in wrangler.jsonc is wired: the deployed entry point limits too', async () => {
    // exports.default is the bundle served with wrangler.jsonc's vars and its RATE_LIMITER (60 per 60 s);
    // vitest.config.ts adds the credentials and TEST_API_KEY's hash.
    const deployed = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default;
    const send = () =>
      deployed.fetch(
        rtcRequest({ 'x-api-key': TEST_API_KEY }, { channel: 'deployed', uid: 7, expiresIn: 60 }),
      );
    await startOfFreshWindow(60);
    const seen: number[] = [];
    for (let i = 0; i < 61; i++) seen.push((await send()).status);
    expect(seen.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(seen[60]).toBe(429);
  });
});

describe('a RATE_LIMITER binding that fails', () => {
  it('lets the request through and says so in the log', async () => {
    const env = { ...base, RATE_LIMITER: { limit: () => Promise.reject(new TypeError('binding down')) } };
    const { result, lines } = await captureLogs(() => worker.fetch(rtcRequest({ 'x-api-key': KEY_A }), env));
    expect(result.status).toBe(200);
    expect(lines.some((l) => String(l['message']).includes('rate limiter failed'))).toBe(true);
  });
});

describe('without a RATE_LIMITER binding', () => {
  it('does not limit', async () => {
    const rs = await statuses({ ...base }, KEY_A, TIGHT_LIMIT * 3);
    expect(rs.every((r) => r.status === 200)).toBe(true);
  });
});
