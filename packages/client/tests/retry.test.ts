// 429 and 503 with Retry-After, from the real HTTP application on node:http over loopback: the local server
// has no rate limiter and its credentials never fail, so this one is built with a limiter and a credential
// store that the test turns off and on. The answers are the application's own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTRACT_ENV } from '@tokenfn/contract-tests';
import { createApp, loadConfig, silentLogger } from '@tokenfn/http';
import { toNodeListener } from '@tokenfn/http/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSource, TokenSourceError } from '../src/index.js';
import { apiKeyHeaders, countingFetch, expectIssued } from './support.js';

/** What the next requests meet: how many are rate limited, how many find the credential store down. */
const trouble = { limited: 0, retryAfter: 1, storeDown: 0 };
let server: Server;
let url: string;

beforeAll(async () => {
  const config = loadConfig(CONTRACT_ENV);
  const app = createApp({
    config,
    logger: silentLogger,
    rateLimiter: {
      limit: async () =>
        trouble.limited > 0 && trouble.limited--
          ? { success: false, retryAfterSeconds: trouble.retryAfter }
          : { success: true },
    },
    credentials: {
      get: async () => {
        if (trouble.storeDown > 0 && trouble.storeDown--) throw new Error('store down');
        return {
          appId: CONTRACT_ENV['AGORA_APP_ID']!,
          appCertificate: CONTRACT_ENV['AGORA_APP_CERTIFICATE']!,
        };
      },
    },
  });
  server = createServer(toNodeListener(app, { maxBodyBytes: config.maxBodyBytes }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

beforeEach(() => {
  Object.assign(trouble, { limited: 0, retryAfter: 1, storeDown: 0 });
});

const source = (o: { retries?: number; maxRetryDelay?: number } = {}) => {
  const f = countingFetch();
  return { f, s: createTokenSource({ baseUrl: url, headers: apiKeyHeaders, fetch: f, ...o }) };
};

describe('retries that honour Retry-After', () => {
  it('429: waits the Retry-After seconds, then gets the token', async () => {
    trouble.limited = 1;
    const { s, f } = source();
    const started = Date.now();
    expectIssued(await s.rtc({ channel: 'busy', uid: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(f.paths).toHaveLength(2);
  });

  it('503 (credential store down): waits its Retry-After, then gets the token', async () => {
    trouble.storeDown = 1;
    const { s, f } = source();
    const started = Date.now();
    expectIssued(await s.rtm({ userId: 'carol' }));
    // the application says Retry-After: 5 while its credentials fail
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect(f.paths).toHaveLength(2);
  });

  it('gives up after `retries`, with the last problem', async () => {
    trouble.limited = 10;
    const { s, f } = source({ retries: 1 });
    const err = (await s.rtc({ channel: 'busy', uid: 2 }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err).toBeInstanceOf(TokenSourceError);
    expect(err).toMatchObject({ code: 'ERR_RATE_LIMITED', status: 429, retryAfter: 1 });
    expect(f.paths).toHaveLength(2);
  });

  it('a Retry-After longer than maxRetryDelay fails at once, saying how long to wait', async () => {
    trouble.limited = 1;
    trouble.retryAfter = 120;
    const { s, f } = source();
    const started = Date.now();
    const err = (await s.rtc({ channel: 'busy', uid: 3 }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err).toMatchObject({ code: 'ERR_RATE_LIMITED', retryAfter: 120 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(f.paths).toHaveLength(1);
  });

  it('an abort during the wait stops it at once', async () => {
    trouble.limited = 1;
    trouble.retryAfter = 10;
    const { s, f } = source();
    const ctrl = new AbortController();
    const started = Date.now();
    const p = s.rtc({ channel: 'busy', uid: 4 }, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 200);
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(f.paths).toHaveLength(1);
  });
});
