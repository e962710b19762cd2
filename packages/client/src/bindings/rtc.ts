// agora-rtc-sdk-ng (Web): renew on token-privilege-will-expire and on a timer before expiry; rejoin
// through the app's callback on token-privilege-did-expire.
import { TokenSourceError } from '../errors.js';
import type { RtcAsk, RtcToken, TokenSource } from '../source.js';
import { type BindingOptions, renewal, renewFailed } from './renewal.js';

type RtcEvent = 'token-privilege-will-expire' | 'token-privilege-did-expire';

/** What the binding uses of an `IAgoraRTCClient`. */
export interface RtcClientLike {
  on(event: RtcEvent, listener: () => void): void;
  off(event: RtcEvent, listener: () => void): void;
  renewToken(token: string): Promise<void>;
  /** the uid the client joined with (a number, or the account string) */
  readonly uid?: number | string | null | undefined;
}

export interface RtcBindingOptions extends BindingOptions {
  /** the token expired before a renewal landed: rejoin with this one (leave, then join again) */
  onExpired?: (token: RtcToken) => unknown;
}

/** A copy of the ask, so a renewal can only ever ask for the channel and user the session joined with. */
export const pinned = <T>(ask: T): T => JSON.parse(JSON.stringify(ask));

/** The client is in the channel as someone other than the ask names (uid 0 lets anyone in). */
export function userMismatch(ask: RtcAsk, joined: unknown): TokenSourceError | undefined {
  const want = ask.account ?? (ask.uid || undefined);
  if (joined == null || want === undefined || joined === want) return undefined;
  return new TokenSourceError(
    'ERR_UID_MISMATCH',
    `The client joined as a ${typeof joined === 'number' ? 'numeric uid' : 'user account'} other than the ${ask.account === undefined ? 'uid' : 'account'} the token is renewed for.`,
  );
}

/**
 * Keeps a joined Web RTC client's token fresh. Call it after `join` with the ask the join token was
 * fetched with; it returns the function that stops it.
 *
 * @example
 * const ask = { channel: 'demo', uid: 42, role: 'publisher' } as const;
 * const t = await source.rtc(ask);
 * await client.join(t.appId, ask.channel, t.token, ask.uid);
 * const stop = bindRtcClient(client, source, ask, {
 *   onExpired: async (t) => { await client.leave(); await client.join(t.appId, ask.channel, t.token, ask.uid); },
 * });
 */
export function bindRtcClient(
  client: RtcClientLike,
  source: TokenSource,
  ask: RtcAsk,
  options: RtcBindingOptions = {},
): () => void {
  const a = pinned(ask);
  const fetchFresh = (signal: AbortSignal) => {
    const wrong = userMismatch(a, client.uid);
    return wrong ? Promise.reject(wrong) : source.rtc(a, { fresh: true, signal });
  };
  const renew = (t: { token: string }) =>
    client.renewToken(t.token).catch((e) => Promise.reject(renewFailed(e)));
  const r = renewal(source, fetchFresh, renew, options, source.cached({ ...a, type: 'rtc' }));
  const willExpire = () => r.warned(renew);
  const rejoin = (t: unknown) => options.onExpired?.(t as RtcToken);
  const didExpire = () =>
    options.onExpired
      ? r.run(rejoin)
      : options.onError?.(
          new TokenSourceError('ERR_TOKEN_EXPIRED', 'The token expired; pass onExpired to rejoin.'),
        );
  client.on('token-privilege-will-expire', willExpire);
  client.on('token-privilege-did-expire', didExpire);
  return () => {
    r.stop();
    client.off('token-privilege-will-expire', willExpire);
    client.off('token-privilege-did-expire', didExpire);
  };
}
