// createTokenSource against the real local server over HTTP on loopback: the tokens it returns, the
// cache, single flight, renewal times on a fake clock, device clock skew, 401 and other refusals, abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource, TokenSourceError } from '../src/index.js';
import {
  apiKeyHeaders,
  countingFetch,
  expectIssued,
  expectNoSecretsLogged,
  rtcServiceOf,
  startTokenServer,
  type TestServer,
  userIdOf,
} from './support.js';

let server: TestServer;
const handedOut: string[] = [];

beforeAll(async () => {
  server = await startTokenServer();
});

afterAll(async () => {
  await server.close();
  expect(handedOut.length).toBeGreaterThan(5);
  expectNoSecretsLogged(server.logs, handedOut);
});

function source(extra: Partial<Parameters<typeof createTokenSource>[0]> = {}) {
  const f = countingFetch();
  const s = createTokenSource({ baseUrl: server.url, headers: apiKeyHeaders, fetch: f, ...extra });
  const keep = <T extends { token: string }>(t: T) => {
    handedOut.push(t.token);
    return t;
  };
  return { s, f, keep };
}

describe('tokens from the v1 routes', () => {
  it('rtc: a token for the channel and uid asked, with the server times', async () => {
    const { s, f, keep } = source();
    const before = Math.floor(Date.now() / 1000);
    const t = keep(await s.rtc({ channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 }));
    expectIssued(t);
    expect(f.paths).toEqual(['/v1/tokens/rtc']);
    expect(t).toMatchObject({ channel: 'demo', uid: 42, role: 'publisher' });
    expect(t.issuedAt).toBeGreaterThanOrEqual(before);
    expect(t.expiresAt - t.issuedAt).toBe(600);
    expect(rtcServiceOf(t.token)).toEqual({ channelName: 'demo', uid: '42', expire: 600 });
  });

  it('rtc with an account: the account is packed as the uid, never a number', async () => {
    const { s, keep } = source();
    const t = keep(await s.rtc({ channel: 'demo', account: '42' }));
    expect(t.account).toBe('42');
    expect(t.uid).toBeUndefined();
    expect(rtcServiceOf(t.token).uid).toBe('42');
    // the same characters as a uid are another ask, and another token
    const n = keep(await s.rtc({ channel: 'demo', uid: 42 }));
    expect(n.token).not.toBe(t.token);
    expect(n.uid).toBe(42);
  });

  it('rtm and chat: tokens for the user id', async () => {
    const { s, f, keep } = source();
    const rtm = keep(await s.rtm({ userId: 'alice' }));
    const chat = keep(await s.chat({ userId: 'alice' }));
    expect(f.paths).toEqual(['/v1/tokens/rtm', '/v1/tokens/chat']);
    expect(rtm.userId).toBe('alice');
    expect(userIdOf(rtm.token, 'rtm')).toBe('alice');
    expect(userIdOf(chat.token, 'chat')).toBe('alice');
  });
});

describe('cache and single flight', () => {
  it('the same ask (in any key order) is answered from the cache, without a request', async () => {
    const { s, f, keep } = source();
    const a = keep(await s.rtc({ channel: 'c1', uid: 7, role: 'publisher' }));
    const b = await s.rtc({ role: 'publisher', uid: 7, channel: 'c1' });
    expect(b.token).toBe(a.token);
    expect(s.cached({ type: 'rtc', channel: 'c1', uid: 7, role: 'publisher' })?.token).toBe(a.token);
    expect(f.paths).toHaveLength(1);
    keep(await s.rtc({ channel: 'c1', uid: 8, role: 'publisher' }));
    expect(f.paths).toHaveLength(2);
  });

  it('concurrent asks share one request; fresh asks while one is in flight share it too', async () => {
    const { s, f, keep } = source();
    const ask = { channel: 'c2', uid: 9 };
    const all = await Promise.all([
      s.rtc(ask),
      s.rtc(ask),
      s.rtc({ ...ask }, { fresh: true }),
      s.get({ type: 'rtc', ...ask }),
      s.rtc(ask),
    ]);
    keep(all[0]!);
    expect(new Set(all.map((t) => t.token)).size).toBe(1);
    expect(f.paths).toHaveLength(1);
    // fresh after that: a new token
    const again = keep(await s.rtc(ask, { fresh: true }));
    expect(again.token).not.toBe(all[0]!.token);
    expect(f.paths).toHaveLength(2);
  });
});

describe('renewal times on the device clock', () => {
  it('a short token is reused until renewAt, then fetched again (fake clock)', async () => {
    let now = Date.now();
    const { s, f, keep } = source({ clock: () => now, margin: 5 });
    const sentAt = now;
    const t = keep(await s.rtc({ channel: 'short', uid: 1, expiresIn: 30 }));
    expect(t.validUntil).toBe(sentAt + 29_000);
    expect(t.renewAt).toBe(sentAt + 24_000);
    now = sentAt + 23_999;
    expect((await s.rtc({ channel: 'short', uid: 1, expiresIn: 30 })).token).toBe(t.token);
    expect(f.paths).toHaveLength(1);
    now = sentAt + 24_000;
    expect(s.cached({ type: 'rtc', channel: 'short', uid: 1, expiresIn: 30 })).toBeUndefined();
    const next = keep(await s.rtc({ channel: 'short', uid: 1, expiresIn: 30 }));
    expect(next.token).not.toBe(t.token);
    expect(f.paths).toHaveLength(2);
  });

  it('the margin is at most half the lifetime, so a token shorter than the margin is still cached', async () => {
    const now = Date.now();
    const { s, keep } = source({ clock: () => now });
    const t = keep(await s.rtc({ channel: 'short', uid: 2, expiresIn: 10 }));
    expect(t.renewAt).toBe(now + 9_000 - 5_000);
    expect(s.cached({ type: 'rtc', channel: 'short', uid: 2, expiresIn: 10 })?.token).toBe(t.token);
  });

  for (const skewMinutes of [10, -10]) {
    it(`a device clock ${skewMinutes > 0 ? 'ahead' : 'behind'} by 10 minutes still renews on time`, async () => {
      const skew = skewMinutes * 60_000;
      let drift = 0;
      const { s, f, keep } = source({ clock: () => Date.now() + skew + drift });
      const ask = { channel: 'skew', uid: 3, expiresIn: 300 };
      const t = keep(await s.rtc(ask));
      // on the device's clock, the token lasts its lifetime from now: neither expired at once (clock ahead)
      // nor good for ten minutes more than it is (clock behind)
      const left = t.validUntil - s.now();
      expect(left).toBeGreaterThan(298_000);
      expect(left).toBeLessThanOrEqual(299_000);
      // in real time, validUntil is never past the real expiry
      expect(t.validUntil - skew).toBeLessThanOrEqual(t.expiresAt * 1000);
      expect((await s.rtc(ask)).token).toBe(t.token);
      expect(f.paths).toHaveLength(1);
      drift = t.renewAt - s.now(); // time passes up to renewAt
      const next = keep(await s.rtc(ask));
      expect(next.token).not.toBe(t.token);
      expect(f.paths).toHaveLength(2);
    });
  }
});

describe('refusals', () => {
  it('a 400 is not retried and carries the problem code and field errors', async () => {
    const { s, f } = source();
    const e = await s.rtc({ channel: 'no/slash', uid: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenSourceError);
    const err = e as TokenSourceError;
    expect(err.code).toBe('ERR_INVALID_FIELDS');
    expect(err.status).toBe(400);
    expect(err.errors?.map((x) => x.path)).toContain('channel');
    expect(err.requestId).toBeTruthy();
    expect(f.paths).toHaveLength(1);
  });

  it('a 401 without onUnauthorized fails at once, and the message holds no key', async () => {
    const { s, f } = source({ headers: { 'X-API-Key': 'not-the-key-0123456789' } });
    const err = (await s.rtm({ userId: 'a' }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err.code).toBe('ERR_INVALID_API_KEY');
    expect(err.status).toBe(401);
    expect(err.message).not.toContain('not-the-key');
    expect(f.paths).toHaveLength(1);
  });

  it('a 401 calls onUnauthorized once, reads the headers again and retries once', async () => {
    let key = 'stale-key-0123456789abcdef';
    let calls = 0;
    const { s, f, keep } = source({
      headers: async () => ({ 'X-API-Key': key }),
      onUnauthorized: async () => {
        calls++;
        key = apiKeyHeaders['X-API-Key'];
      },
    });
    keep(await s.rtm({ userId: 'bob' }));
    expect(calls).toBe(1);
    expect(f.paths).toHaveLength(2);
  });

  it('a second 401 after onUnauthorized is the error (no loop)', async () => {
    let calls = 0;
    const { s, f } = source({
      headers: () => ({ 'X-API-Key': 'still-wrong-0123456789abcdef' }),
      onUnauthorized: () => {
        calls++;
      },
    });
    const err = (await s.rtm({ userId: 'bob' }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err.status).toBe(401);
    expect(calls).toBe(1);
    expect(f.paths).toHaveLength(2);
  });

  it('an unreachable endpoint is ERR_NETWORK after the retries', async () => {
    const closed = await startTokenServer();
    await closed.close();
    const f = countingFetch();
    const s = createTokenSource({ baseUrl: closed.url, fetch: f, retries: 2 });
    const err = (await s.rtc({ channel: 'x', uid: 1 }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err.code).toBe('ERR_NETWORK');
    expect(f.paths).toHaveLength(3);
  });
});

describe('abort', () => {
  it('an aborted ask rejects with ERR_ABORTED; another waiter of the same request still gets the token', async () => {
    const { s, f, keep } = source();
    const ask = { channel: 'abort', uid: 5 };
    const ctrl = new AbortController();
    const first = s.rtc(ask, { signal: ctrl.signal });
    const second = s.rtc(ask);
    ctrl.abort();
    await expect(first).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    keep(await second);
    expect(f.paths).toHaveLength(1);
  });

  it('when every waiter aborts, the request itself is aborted and nothing is cached', async () => {
    const { s } = source();
    const ask = { channel: 'abort', uid: 6 };
    const ctrl = new AbortController();
    const p = s.rtc(ask, { signal: ctrl.signal });
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    await new Promise((ok) => setTimeout(ok, 100));
    expect(s.cached({ type: 'rtc', ...ask })).toBeUndefined();
  });

  it('an already aborted signal sends nothing', async () => {
    const { s, f } = source();
    await expect(s.rtc({ channel: 'x', uid: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ERR_ABORTED',
    });
    expect(f.paths).toHaveLength(0);
  });
});
