// The edges the local server does not reach, against a stub fetch and Vitest's fake timers (Date.now
// included): Retry-After that is not a number of seconds, aborts at awkward moments, header values that
// must not reach an error, renewals that meet a Retry-After, an unbind in the middle of a renewal, tokens
// shorter than the SDKs' 30 s warning or stale on arrival, and what an SDK's refusal may carry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bindChatConnection,
  bindRtcClient,
  bindRtmClient,
  createTokenSource,
  type RtcClientLike,
  type TokenSourceError,
} from '../src/index.js';
import { manualTimer, stubFetch, tokenAnswer } from './support.js';

const problem = (status: number, headers: Record<string, string> = {}) =>
  Response.json({ code: status === 429 ? 'ERR_RATE_LIMITED' : 'ERR_UNAVAILABLE' }, { status, headers });

/** agora-rtc-sdk-ng's event API; `warnOnRenew` warns again after each renewToken, as it does for a short token. */
class RtcClient implements RtcClientLike {
  uid = 42;
  readonly renewed: string[] = [];
  listeners = new Map<string, () => void>();
  warnOnRenew = false;
  on(e: string, l: () => void) {
    this.listeners.set(e, l);
  }
  off(e: string) {
    this.listeners.delete(e);
  }
  warn() {
    this.listeners.get('token-privilege-will-expire')?.();
  }
  async renewToken(token: string) {
    this.renewed.push(token);
    if (this.warnOnRenew) setTimeout(() => this.warn(), 50);
  }
}

const ask = { channel: 'edge', uid: 42 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the source', () => {
  for (const garbage of ['-5', '1.5', 'Mon 5']) {
    it(`a Retry-After of ${JSON.stringify(garbage)} (a "date" to Date.parse) is no Retry-After: the back-off`, async () => {
      const { f, sent } = stubFetch((n) =>
        n === 1 ? problem(429, { 'retry-after': garbage, date: new Date().toUTCString() }) : tokenAnswer(),
      );
      const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
      const p = s.rtc(ask);
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toHaveLength(1); // not retried at once
      await vi.advanceTimersByTimeAsync(250); // the first back-off is 125 to 250 ms
      expect(sent).toHaveLength(2);
      await p;
    });
  }

  it('a Retry-After HTTP date is waited for, counted from the answer’s own Date', async () => {
    const serverNow = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'); // nothing like the device's clock
    const { f, sent } = stubFetch((n) =>
      n === 1
        ? problem(503, {
            'retry-after': new Date(serverNow + 3000).toUTCString(),
            date: new Date(serverNow).toUTCString(),
          })
        : tokenAnswer(),
    );
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const p = s.rtc(ask);
    await vi.advanceTimersByTimeAsync(2999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await p;
  });

  it('when the last waiter aborts while a 429 is being read: no back-off timer, no second request', async () => {
    let release!: () => void;
    const { f, sent } = stubFetch(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              release = () => {
                c.enqueue(new TextEncoder().encode('{"code":"ERR_RATE_LIMITED"}'));
                c.close();
              };
            },
          }),
          { status: 429, headers: { 'retry-after': '20' } },
        ),
    );
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const ctrl = new AbortController();
    const p = s.rtc(ask, { signal: ctrl.signal });
    await vi.advanceTimersByTimeAsync(0);
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
  });

  it('an abort just after the answer arrived does not cut the next request for the ask out of single flight', async () => {
    const { f, sent } = stubFetch(() => tokenAnswer());
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const ctrl = new AbortController();
    await s.rtc(ask, { signal: ctrl.signal });
    const renewal = s.rtc(ask, { fresh: true });
    ctrl.abort(); // e.g. the page that asked goes away
    const same = s.rtc(ask, { fresh: true }); // the renewal is in flight: shared
    expect((await same).token).toBe((await renewal).token);
    expect(sent).toHaveLength(2);
  });

  it('clear() on sign-out: no cached token, and the next ask is sent with the next user’s headers', async () => {
    const { f, sent } = stubFetch(() => tokenAnswer());
    let user = 'alice';
    const s = createTokenSource({
      baseUrl: 'https://tokens.test',
      fetch: f,
      headers: () => ({ Authorization: `Bearer ${user}` }),
    });
    const uidFromIdentity = { channel: 'edge' }; // the deployment binds the uid to the caller
    const alice = await s.rtc(uidFromIdentity);
    expect(s.cached({ type: 'rtc', ...uidFromIdentity })?.token).toBe(alice.token);
    s.clear();
    user = 'bob';
    expect(s.cached({ type: 'rtc', ...uidFromIdentity })).toBeUndefined();
    const bob = await s.rtc(uidFromIdentity);
    expect(bob.token).not.toBe(alice.token);
    expect(sent.map((i) => new Headers(i.headers).get('authorization'))).toEqual([
      'Bearer alice',
      'Bearer bob',
    ]);
  });

  it('clear() with a request in flight: its caller gets ERR_ABORTED, its late answer is not cached, the next ask sends its own', async () => {
    let answerFirst!: (r: Response) => void;
    const { f, sent } = stubFetch((n) =>
      n === 1 ? new Promise<Response>((resolve) => (answerFirst = resolve)) : tokenAnswer(),
    );
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const before = s.rtc(ask);
    await vi.advanceTimersByTimeAsync(0);
    s.clear();
    const after = s.rtc(ask); // not the abandoned request
    answerFirst(tokenAnswer()); // this fetch ignores the signal: the answer still arrives
    expect(((await before.catch((e: unknown) => e)) as TokenSourceError).code).toBe('ERR_ABORTED');
    const t = await after;
    expect(sent).toHaveLength(2);
    expect(s.cached({ type: 'rtc', ...ask })?.token).toBe(t.token);
  });

  it('an invalid header value is ERR_INVALID_HEADERS, and the error holds no trace of it', async () => {
    const { f, sent } = stubFetch(() => tokenAnswer());
    const secret = 'sk_live_0123456789abcdef';
    const s = createTokenSource({
      baseUrl: 'https://tokens.test',
      fetch: f,
      headers: () => ({ Authorization: `Bearer ${secret}\nX-Injected: 1` }),
    });
    const e = (await s.rtc(ask).catch((x: unknown) => x)) as TokenSourceError;
    expect(e.code).toBe('ERR_INVALID_HEADERS');
    expect(`${e.message} ${e.stack} ${JSON.stringify(e)} ${String(e.cause)}`).not.toContain(secret);
    expect(sent).toHaveLength(0);
  });
});

describe('bindings', () => {
  it('a renewal refused with a Retry-After longer than retryDelay is tried again after the Retry-After', async () => {
    const { f, sent } = stubFetch(() => problem(429, { 'retry-after': '120' })); // over maxRetryDelay: fails at once
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const client = new RtcClient();
    const errors: TokenSourceError[] = [];
    const stop = bindRtcClient(client, s, ask, { onError: (e) => errors.push(e) });
    client.warn();
    await vi.advanceTimersByTimeAsync(119_000);
    expect(sent).toHaveLength(1);
    expect(errors.map((e) => e.retryAfter)).toEqual([120]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(2);
    stop();
  });

  it('a Retry-After of years sets the longest timer there is, not one that fires at once', async () => {
    const { f } = stubFetch(() => problem(503, { 'retry-after': '99999999999' }));
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const client = new RtcClient();
    const timer = manualTimer();
    const stop = bindRtcClient(client, s, ask, { timer });
    client.warn();
    await vi.advanceTimersByTimeAsync(0);
    expect(timer.pending.map((p) => p.ms)).toEqual([2 ** 31 - 1]);
    stop();
  });

  it('unbinding during a renewal waiting out a 503 stops it: no timer left, no more requests', async () => {
    const { f, sent } = stubFetch(() => problem(503, { 'retry-after': '20' }));
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const client = new RtcClient();
    const stop = bindRtcClient(client, s, ask);
    client.warn();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0); // nothing keeps a Node process alive
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent).toHaveLength(1);
  });

  it('RTM: unbinding while renewals wait for their turn (two a second) calls renewToken no more', async () => {
    const { f } = stubFetch(() => tokenAnswer());
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const renewed: string[] = [];
    let warn!: (channelName: string) => void;
    const client = {
      addEventListener: (_: string, l: (c: string) => void) => {
        warn = l;
      },
      removeEventListener() {},
      renewToken: async (token: string) => {
        renewed.push(token);
      },
    };
    const stop = bindRtmClient(client, s, { userId: 'alice' });
    for (const c of ['', 'a', 'b']) warn(c);
    await vi.advanceTimersByTimeAsync(0);
    expect(renewed).toHaveLength(2); // the third waits for the next second
    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(renewed).toHaveLength(2);
  });

  it('a 10 s token, warned about again at each renewToken, is renewed on its timer, not in a loop', async () => {
    const { f, sent } = stubFetch(() => tokenAnswer(10));
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const token = await s.rtc(ask); // valid 9 s, renewed after 4
    const client = new RtcClient();
    client.warnOnRenew = true;
    const stop = bindRtcClient(client, s, ask, { token });
    client.warn(); // joined with less than 30 s left: the SDK warns at once
    await vi.advanceTimersByTimeAsync(20_000);
    // the warning's renewal, then one at each renewAt (every 4 s); without care, one per round trip
    expect(sent.length - 1).toBeGreaterThanOrEqual(5);
    expect(sent.length - 1).toBeLessThanOrEqual(6);
    expect(client.renewed).toHaveLength(sent.length - 1);
    stop();
  });

  it('a token stale on arrival (a lifetime the round trip eats) is renewed again after retryDelay, not at once', async () => {
    const { f } = stubFetch(() => tokenAnswer(1)); // valid until the moment it was asked for
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    const client = new RtcClient();
    const timer = manualTimer();
    const stop = bindRtcClient(client, s, ask, { timer, retryDelay: 1234 });
    client.warn();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.renewed).toHaveLength(1);
    expect(timer.pending.map((p) => p.ms)).toEqual([1234]);
    stop();
  });

  it('Chat: a renewToken result with status false is ERR_RENEW_FAILED, and the error does not carry the token', async () => {
    const { f } = stubFetch(() => tokenAnswer());
    const s = createTokenSource({ baseUrl: 'https://tokens.test', fetch: f });
    let handler!: { onTokenWillExpire?: () => void };
    const conn = {
      addEventHandler: (_: string, h: typeof handler) => {
        handler = h;
      },
      removeEventHandler() {},
      // NewTokenResult: { status, token?, expire? }
      renewToken: async (token: string) => ({ status: false, token, expire: 0 }),
    };
    const errors: TokenSourceError[] = [];
    const stop = bindChatConnection(conn, s, { userId: 'bob' }, { onError: (e) => errors.push(e) });
    handler.onTokenWillExpire?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map((e) => e.code)).toEqual(['ERR_RENEW_FAILED']);
    expect(JSON.stringify({ ...errors[0], cause: errors[0]!.cause })).not.toContain('007eJx');
    stop();
  });
});
