// react-native-agora: onTokenPrivilegeWillExpire and onRequestToken -> renewToken, and a timer before expiry.
import type { IssuedToken, RtcAsk, TokenSource } from '../source.js';
import { type BindingOptions, renewal, renewFailed } from './renewal.js';
import { pinned, userMismatch } from './rtc.js';

interface Connection {
  channelId?: string;
  localUid?: number;
}

interface EngineHandler {
  onTokenPrivilegeWillExpire?(connection: Connection, token: string): void;
  onRequestToken?(connection: Connection): void;
}

/** What the binding uses of an `IRtcEngine`. */
export interface RtcEngineLike {
  registerEventHandler(eventHandler: EngineHandler): boolean;
  unregisterEventHandler(eventHandler: EngineHandler): boolean;
  /** 0 on success, a negative error code otherwise (-110: the token does not match the join) */
  renewToken(token: string): number;
}

/**
 * Keeps a React Native engine's channel token fresh (the channel of `ask`; other connections' events are
 * left alone).
 *
 * @example
 * const ask = { channel: 'demo', uid: 42, role: 'publisher' } as const;
 * const t = await source.rtc(ask);
 * engine.joinChannel(t.token, ask.channel, ask.uid, {});
 * const stop = bindRtcEngine(engine, source, ask);
 */
export function bindRtcEngine(
  engine: RtcEngineLike,
  source: TokenSource,
  ask: RtcAsk,
  options: BindingOptions = {},
): () => void {
  const a = pinned(ask);
  let joinedAs: number | undefined;
  const fetchFresh = (signal: AbortSignal) => {
    const wrong = userMismatch({ ...a, account: undefined }, a.account === undefined ? joinedAs : undefined);
    return wrong ? Promise.reject(wrong) : source.rtc(a, { fresh: true, signal });
  };
  const renew = (t: IssuedToken) => {
    const code = engine.renewToken(t.token);
    if (code < 0) throw renewFailed(new Error(`renewToken returned ${code}`));
  };
  const r = renewal(source, fetchFresh, renew, options, source.cached({ ...a, type: 'rtc' }));
  const ours = (c: Connection) => {
    if (c?.channelId !== undefined && c.channelId !== a.channel) return false;
    joinedAs = c?.localUid;
    return true;
  };
  const handler: EngineHandler = {
    onTokenPrivilegeWillExpire: (c) => void (ours(c) && r.warned(renew)),
    onRequestToken: (c) => void (ours(c) && r.run(renew)),
  };
  engine.registerEventHandler(handler);
  return () => {
    r.stop();
    engine.unregisterEventHandler(handler);
  };
}
