// @tokenfn/client/react: the token source and the Web RTC binding as React hooks (react is an optional
// peer dependency; nothing else of the package imports it).
import { useEffect, useRef, useState } from 'react';
import { RETRY_DELAY_MS, timerDelay, untilRenewal, untilRetry } from './bindings/renewal.js';
import { bindRtcClient, type RtcBindingOptions, type RtcClientLike } from './bindings/rtc.js';
import { isTransient, TokenSourceError } from './errors.js';
import { askKey, type IssuedToken, type RtcAsk, type TokenAsk, type TokenSource } from './source.js';

export interface AgoraTokenState<T extends IssuedToken = IssuedToken> {
  /** the current token (kept while a renewal is under way, and after a failed one) */
  token: T | undefined;
  error: TokenSourceError | undefined;
  /** no token yet for this ask */
  loading: boolean;
}

const asError = (e: unknown) =>
  e instanceof TokenSourceError ? e : new TokenSourceError('ERR_NETWORK', String((e as Error)?.message ?? e));

/**
 * The token for `ask`, renewed before it goes stale; `null` asks for nothing (not signed in yet). A new
 * object with the same fields is the same ask.
 *
 * @example
 * function Call({ channel, uid }: { channel: string; uid: number }) {
 *   const { token, error } = useAgoraToken(source, { type: 'rtc', channel, uid, role: 'publisher' });
 *   if (error) return <p>{error.message}</p>;
 *   return token ? <Room appId={token.appId} channel={channel} token={token.token} uid={uid} /> : <Spinner />;
 * }
 */
export function useAgoraToken<T extends IssuedToken = IssuedToken>(
  source: TokenSource,
  ask: TokenAsk | null | undefined,
): AgoraTokenState<T> {
  const key = ask ? askKey(ask) : '';
  const [state, setState] = useState<{ key: string; token?: T; error?: TokenSourceError }>(() => ({
    key,
    ...(ask ? { token: source.cached(ask) as T } : {}),
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ask`'s fields
  useEffect(() => {
    if (!ask) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (ms: number) => {
      timer = setTimeout(() => load(true), timerDelay(ms));
    };
    const load = (fresh: boolean) =>
      source.get(ask, { signal: abort.signal, fresh }).then(
        (token) => {
          // an answer heard after the cleanup (StrictMode runs it at once after the first effect) sets no timer
          if (abort.signal.aborted) return;
          setState({ key, token: token as T });
          later(untilRenewal(token, source.now(), RETRY_DELAY_MS));
        },
        (e) => {
          if (abort.signal.aborted) return;
          const error = asError(e);
          setState((s) => ({ ...s, key, error }));
          // a passing failure is tried again (a stale token is still good until validUntil), not before its
          // Retry-After; a refusal is not
          if (isTransient(error)) later(untilRetry(error, RETRY_DELAY_MS));
        },
      );
    load(false);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [source, key]);

  const current = state.key === key ? state : { token: undefined, error: undefined };
  return { token: current.token, error: current.error, loading: !!ask && current.token === undefined };
}

/**
 * Binds a joined Web RTC client (`bindRtcClient`) while the component is mounted; `null` while not
 * joined. Returns the last renewal error. The options are read when an event fires, so inline callbacks
 * do not rebind.
 *
 * @example
 * const { error } = useRtcTokenRenewal(joined ? client : null, source, { channel, uid }, {
 *   onExpired: (t) => rejoin(t),
 * });
 */
export function useRtcTokenRenewal(
  client: RtcClientLike | null | undefined,
  source: TokenSource,
  ask: RtcAsk,
  options: RtcBindingOptions = {},
): { error: TokenSourceError | undefined } {
  const [error, setError] = useState<TokenSourceError>();
  const latest = useRef(options);
  latest.current = options;
  const key = askKey({ ...ask, type: 'rtc' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ask`'s fields
  useEffect(() => {
    if (!client) return;
    const o = latest.current;
    return bindRtcClient(client, source, ask, {
      ...o,
      onExpired: (t) => {
        const rejoin = latest.current.onExpired;
        if (!rejoin)
          throw new TokenSourceError('ERR_TOKEN_EXPIRED', 'The token expired; pass onExpired to rejoin.');
        return rejoin(t);
      },
      onError: (e) => {
        setError(e);
        latest.current.onError?.(e);
      },
    });
  }, [client, source, key]);

  return { error };
}
