// Each binding against an object with its SDK's event API (names and signatures as in the SDK's type
// definitions; tests/sdk-types.check.ts holds the real types to them), with tokens from the real local
// server: will-expire, did-expire, repeated renewals, a burst of events and timers, unsubscribing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bindChatConnection,
  bindRtcClient,
  bindRtcEngine,
  bindRtmClient,
  type ChatConnectionLike,
  createTokenSource,
  type RtcClientLike,
  type RtcEngineLike,
  type RtmClientLike,
  type TokenSourceError,
} from '../src/index.js';
import {
  apiKeyHeaders,
  countingFetch,
  eventually,
  manualTimer,
  rtcServiceOf,
  startTokenServer,
  type TestServer,
  userIdOf,
} from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(() => server.close());

/** `later()` moves the source's clock a day on: the token last renewed with is stale, a warning is heeded. */
const source = () => {
  const f = countingFetch();
  let ahead = 0;
  const clock = () => Date.now() + ahead;
  const later = () => {
    ahead += 86_400_000;
  };
  return { f, later, s: createTokenSource({ baseUrl: server.url, headers: apiKeyHeaders, fetch: f, clock }) };
};

/** agora-rtc-sdk-ng's client events: on/off by name, renewToken returns a promise. */
class WebRtcClient implements RtcClientLike {
  readonly listeners = new Map<string, Set<() => void>>();
  readonly renewed: string[] = [];
  refuse = false;
  constructor(public uid: number | string | undefined) {}
  on(event: string, listener: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }
  off(event: string, listener: () => void) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string) {
    for (const l of this.listeners.get(event) ?? []) l();
  }
  count() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
  async renewToken(token: string) {
    if (this.refuse) throw new Error('AgoraRTCError INVALID_OPERATION');
    this.renewed.push(token);
  }
}

describe('bindRtcClient (agora-rtc-sdk-ng)', () => {
  const ask = { channel: 'web', uid: 42, role: 'publisher' as const, expiresIn: 600 };

  it('renews on every token-privilege-will-expire, not only the first, with the join ask', async () => {
    const { s, later } = source();
    const joined = await s.rtc(ask);
    const client = new WebRtcClient(42);
    const timer = manualTimer();
    const stop = bindRtcClient(client, s, ask, { timer });
    for (let i = 1; i <= 3; i++) {
      later();
      client.emit('token-privilege-will-expire');
      await eventually(() => expect(client.renewed).toHaveLength(i));
    }
    expect(new Set([joined.token, ...client.renewed]).size).toBe(4);
    for (const t of client.renewed) expect(rtcServiceOf(t)).toMatchObject({ channelName: 'web', uid: '42' });
    stop();
  });

  it('renews before expiry on a timer set from the join token, and sets the next one', async () => {
    const now = Date.now(); // a clock that stands still
    const s = createTokenSource({ baseUrl: server.url, headers: apiKeyHeaders, clock: () => now });
    await s.rtc(ask);
    const client = new WebRtcClient(42);
    const timer = manualTimer();
    const stop = bindRtcClient(client, s, ask, { timer });
    // 600 s token: valid for 599 s by this clock, renewed 60 s before that
    expect(timer.pending.map((p) => p.ms)).toEqual([539_000]);
    timer.fireAll();
    await eventually(() => expect(client.renewed).toHaveLength(1));
    await eventually(() => expect(timer.pending).toHaveLength(1)); // the next renewal is set
    stop();
    expect(timer.pending).toHaveLength(0);
    expect(client.count()).toBe(0);
  });

  it('a burst of events and timers at once is one request and one renewToken', async () => {
    const { s, f } = source();
    await s.rtc(ask);
    const client = new WebRtcClient(42);
    const timer = manualTimer();
    const stop = bindRtcClient(client, s, ask, { timer });
    const before = f.paths.length;
    for (let i = 0; i < 5; i++) client.emit('token-privilege-will-expire');
    timer.fireAll();
    await eventually(() => expect(client.renewed).toHaveLength(1));
    await new Promise((ok) => setTimeout(ok, 100));
    expect(client.renewed).toHaveLength(1);
    expect(f.paths.length - before).toBe(1);
    stop();
  });

  it('token-privilege-did-expire: a fresh token to onExpired for the rejoin', async () => {
    const { s } = source();
    const client = new WebRtcClient(42);
    const rejoined: string[] = [];
    const stop = bindRtcClient(client, s, ask, { onExpired: (t) => rejoined.push(t.token) });
    client.emit('token-privilege-did-expire');
    await eventually(() => expect(rejoined).toHaveLength(1));
    expect(rtcServiceOf(rejoined[0]!)).toMatchObject({ channelName: 'web', uid: '42' });
    expect(client.renewed).toHaveLength(0);
    stop();
  });

  it('did-expire without onExpired is ERR_TOKEN_EXPIRED, with no request', async () => {
    const { s, f } = source();
    const client = new WebRtcClient(42);
    const errors: TokenSourceError[] = [];
    const stop = bindRtcClient(client, s, ask, { onError: (e) => errors.push(e) });
    client.emit('token-privilege-did-expire');
    expect(errors.map((e) => e.code)).toEqual(['ERR_TOKEN_EXPIRED']);
    expect(f.paths).toHaveLength(0);
    stop();
  });

  it('a client that joined as another uid, or as an account, is refused before any request', async () => {
    const { s, f } = source();
    for (const joinedAs of [43, '42']) {
      const client = new WebRtcClient(joinedAs);
      const errors: TokenSourceError[] = [];
      const stop = bindRtcClient(client, s, ask, { onError: (e) => errors.push(e) });
      client.emit('token-privilege-will-expire');
      await eventually(() => expect(errors.map((e) => e.code)).toEqual(['ERR_UID_MISMATCH']));
      stop();
    }
    expect(f.paths).toHaveLength(0);
  });

  it('uid 0 (any uid) renews for whatever uid the SDK assigned', async () => {
    const { s } = source();
    const client = new WebRtcClient(987654);
    const stop = bindRtcClient(client, s, { channel: 'web', uid: 0 });
    client.emit('token-privilege-will-expire');
    await eventually(() => expect(client.renewed).toHaveLength(1));
    expect(rtcServiceOf(client.renewed[0]!).uid).toBe('');
    stop();
  });

  it('changing the ask object after binding changes nothing', async () => {
    const { s } = source();
    const mine = { channel: 'web', uid: 42 };
    const client = new WebRtcClient(42);
    const stop = bindRtcClient(client, s, mine);
    mine.uid = 7;
    mine.channel = 'other';
    client.emit('token-privilege-will-expire');
    await eventually(() => expect(client.renewed).toHaveLength(1));
    expect(rtcServiceOf(client.renewed[0]!)).toMatchObject({ channelName: 'web', uid: '42' });
    stop();
  });

  it('renewToken refused: ERR_RENEW_FAILED with the SDK error as cause, not retried', async () => {
    const { s } = source();
    const client = new WebRtcClient(42);
    client.refuse = true;
    const timer = manualTimer();
    const errors: TokenSourceError[] = [];
    const stop = bindRtcClient(client, s, ask, { timer, onError: (e) => errors.push(e) });
    client.emit('token-privilege-will-expire');
    await eventually(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.code).toBe('ERR_RENEW_FAILED');
    expect(String((errors[0]!.cause as Error).message)).toContain('INVALID_OPERATION');
    expect(timer.pending).toHaveLength(0);
    stop();
  });

  it('a transient failure (endpoint down) is tried again on a timer', async () => {
    const down = await startTokenServer();
    await down.close();
    const s = createTokenSource({ baseUrl: down.url, retries: 0 });
    const client = new WebRtcClient(42);
    const timer = manualTimer();
    const errors: TokenSourceError[] = [];
    const stop = bindRtcClient(client, s, ask, { timer, retryDelay: 1234, onError: (e) => errors.push(e) });
    client.emit('token-privilege-will-expire');
    await eventually(() => expect(errors.map((e) => e.code)).toEqual(['ERR_NETWORK']));
    expect(timer.pending.map((p) => p.ms)).toEqual([1234]);
    stop();
  });
});

/** agora-rtm 2.x: addEventListener/removeEventListener; renewToken(token, { channelName }). */
class RtmClient implements RtmClientLike {
  readonly listeners = new Set<(channelName: string) => void>();
  readonly renewed: { token: string; channelName?: string; at: number }[] = [];
  addEventListener(_: 'tokenPrivilegeWillExpire', l: (channelName: string) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: 'tokenPrivilegeWillExpire', l: (channelName: string) => void) {
    this.listeners.delete(l);
  }
  emit(channelName: string) {
    for (const l of this.listeners) l(channelName);
  }
  async renewToken(token: string, options?: { channelName?: string }) {
    this.renewed.push({
      token,
      ...(options?.channelName ? { channelName: options.channelName } : {}),
      at: Date.now(),
    });
    return {};
  }
}

describe('bindRtmClient (agora-rtm 2.x)', () => {
  it('the login token (empty channel name) is renewed with an RTM token, repeatedly', async () => {
    const { s, later } = source();
    const client = new RtmClient();
    const stop = bindRtmClient(client, s, { userId: 'alice' }, { timer: manualTimer() });
    client.emit('');
    await eventually(() => expect(client.renewed).toHaveLength(1));
    later();
    client.emit('');
    await eventually(() => expect(client.renewed).toHaveLength(2));
    for (const r of client.renewed) {
      expect(r.channelName).toBeUndefined();
      expect(userIdOf(r.token, 'rtm')).toBe('alice');
    }
    expect(client.renewed[0]!.token).not.toBe(client.renewed[1]!.token);
    stop();
    expect(client.listeners.size).toBe(0);
  });

  it('a stream channel gets an RTC token for the channel and the user id as account, with channelName', async () => {
    const { s } = source();
    const client = new RtmClient();
    const stop = bindRtmClient(client, s, { userId: 'alice' }, { timer: manualTimer() });
    client.emit('room-1');
    await eventually(() => expect(client.renewed).toHaveLength(1));
    expect(client.renewed[0]!.channelName).toBe('room-1');
    expect(rtcServiceOf(client.renewed[0]!.token)).toMatchObject({ channelName: 'room-1', uid: 'alice' });
    stop();
  });

  it('at most two renewToken calls a second, however many channels expire at once', async () => {
    const { s } = source();
    const client = new RtmClient();
    const stop = bindRtmClient(client, s, { userId: 'alice' }, { timer: manualTimer() });
    for (const c of ['', 'a', 'b', 'c', 'd']) client.emit(c);
    await eventually(() => expect(client.renewed).toHaveLength(5), 8000);
    const at = client.renewed.map((r) => r.at);
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 2]!).toBeGreaterThanOrEqual(995);
    expect(new Set(client.renewed.map((r) => r.channelName ?? '')).size).toBe(5);
    stop();
  });
});

/** agora-chat: addEventHandler(id, handlers) / removeEventHandler(id); renewToken resolves { status }. */
class ChatConnection implements ChatConnectionLike {
  readonly handlers = new Map<string, { onTokenWillExpire?: () => void; onTokenExpired?: () => void }>();
  readonly renewed: string[] = [];
  status = true;
  addEventHandler(id: string, h: { onTokenWillExpire?: () => void; onTokenExpired?: () => void }) {
    this.handlers.set(id, h);
  }
  removeEventHandler(id: string) {
    this.handlers.delete(id);
  }
  emit(name: 'onTokenWillExpire' | 'onTokenExpired') {
    for (const h of this.handlers.values()) h[name]?.();
  }
  async renewToken(token: string) {
    this.renewed.push(token);
    return { status: this.status, token, expire: 0 };
  }
}

describe('bindChatConnection (agora-chat)', () => {
  it('onTokenWillExpire and onTokenExpired renew with a chat token for the user, each time', async () => {
    const { s, later } = source();
    const conn = new ChatConnection();
    const stop = bindChatConnection(conn, s, { userId: 'bob' }, { timer: manualTimer() });
    conn.emit('onTokenWillExpire');
    await eventually(() => expect(conn.renewed).toHaveLength(1));
    conn.emit('onTokenExpired'); // expired: renewed however fresh the last token is
    await eventually(() => expect(conn.renewed).toHaveLength(2));
    later();
    conn.emit('onTokenWillExpire');
    await eventually(() => expect(conn.renewed).toHaveLength(3));
    for (const t of conn.renewed) expect(userIdOf(t, 'chat')).toBe('bob');
    expect(new Set(conn.renewed).size).toBe(3);
    stop();
    expect(conn.handlers.size).toBe(0);
  });

  it('onExpired, when given, gets the token instead (log in again); status false is ERR_RENEW_FAILED', async () => {
    const { s, later } = source();
    const conn = new ChatConnection();
    const reopened: string[] = [];
    const errors: TokenSourceError[] = [];
    const stop = bindChatConnection(
      conn,
      s,
      { userId: 'bob' },
      { timer: manualTimer(), onExpired: (t) => reopened.push(t.token), onError: (e) => errors.push(e) },
    );
    conn.emit('onTokenExpired');
    await eventually(() => expect(reopened).toHaveLength(1));
    expect(conn.renewed).toHaveLength(0);
    conn.status = false;
    later();
    conn.emit('onTokenWillExpire');
    await eventually(() => expect(errors.map((e) => e.code)).toEqual(['ERR_RENEW_FAILED']));
    stop();
  });
});

type EngineHandler = Parameters<RtcEngineLike['registerEventHandler']>[0];

/** react-native-agora: registerEventHandler / unregisterEventHandler; renewToken returns 0 or a negative code. */
class RnEngine implements RtcEngineLike {
  readonly handlers = new Set<EngineHandler>();
  readonly renewed: string[] = [];
  code = 0;
  registerEventHandler(h: EngineHandler) {
    this.handlers.add(h);
    return true;
  }
  unregisterEventHandler(h: EngineHandler) {
    return this.handlers.delete(h);
  }
  willExpire(channelId: string, localUid: number) {
    for (const h of this.handlers) h.onTokenPrivilegeWillExpire?.({ channelId, localUid }, 'old');
  }
  requestToken(channelId: string, localUid: number) {
    for (const h of this.handlers) h.onRequestToken?.({ channelId, localUid });
  }
  renewToken(token: string) {
    if (this.code === 0) this.renewed.push(token);
    return this.code;
  }
}

describe('bindRtcEngine (react-native-agora)', () => {
  const ask = { channel: 'rn', uid: 7 };

  it('onTokenPrivilegeWillExpire and onRequestToken renew, repeatedly; other channels are left alone', async () => {
    const { s, f } = source();
    const engine = new RnEngine();
    const stop = bindRtcEngine(engine, s, ask, { timer: manualTimer() });
    engine.willExpire('rn', 7);
    await eventually(() => expect(engine.renewed).toHaveLength(1));
    engine.requestToken('rn', 7);
    await eventually(() => expect(engine.renewed).toHaveLength(2));
    engine.willExpire('another-channel', 7);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(engine.renewed).toHaveLength(2);
    expect(f.paths).toHaveLength(2);
    for (const t of engine.renewed) expect(rtcServiceOf(t)).toMatchObject({ channelName: 'rn', uid: '7' });
    stop();
    expect(engine.handlers.size).toBe(0);
  });

  it('a negative renewToken result (-110) is ERR_RENEW_FAILED; a wrong local uid is ERR_UID_MISMATCH', async () => {
    const { s } = source();
    const engine = new RnEngine();
    const errors: TokenSourceError[] = [];
    const stop = bindRtcEngine(engine, s, ask, { timer: manualTimer(), onError: (e) => errors.push(e) });
    engine.code = -110;
    engine.willExpire('rn', 7);
    await eventually(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.code).toBe('ERR_RENEW_FAILED');
    expect((errors[0]!.cause as Error).message).toContain('-110');
    engine.code = 0;
    engine.willExpire('rn', 8);
    await eventually(() => expect(errors).toHaveLength(2));
    expect(errors[1]!.code).toBe('ERR_UID_MISMATCH');
    stop();
  });
});
