// What every binding does the same way: renew one token slot on an event or on a timer set before
// expiry, one renewal at a time, again after a transient failure, never after unsubscribing.
import { isTransient, TokenSourceError } from '../errors.js';
import type { IssuedToken, TokenSource } from '../source.js';

/** Runs `fn` after `ms`; returns the cancel function. */
export type Timer = (fn: () => void, ms: number) => () => void;

export interface BindingOptions {
  /** the token the session was started with, to set the first renewal timer (default: the source's cached one) */
  token?: IssuedToken;
  /** every failed renewal (the binding tries again by itself after a transient one) */
  onError?: (error: TokenSourceError) => void;
  /** default setTimeout */
  timer?: Timer;
  /** ms between tries after a transient failure; default 5000 */
  retryDelay?: number;
}

const defaultTimer: Timer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** An SDK's refusal as our error, the SDK's own error kept as the cause. */
export function renewFailed(cause: unknown): TokenSourceError {
  return new TokenSourceError('ERR_RENEW_FAILED', 'The SDK did not accept the renewed token.', { cause });
}

export interface Renewal {
  /** fetch a fresh token and hand it to `apply`; concurrent runs with the same `apply` share one */
  run(apply: (t: IssuedToken) => unknown): Promise<void>;
  /** set the timer for the renewal before `t` goes stale */
  schedule(t: IssuedToken | undefined): void;
  stop(): void;
}

export function renewal(
  source: TokenSource,
  fetchFresh: () => Promise<IssuedToken>,
  renew: (t: IssuedToken) => unknown,
  o: BindingOptions,
  first: IssuedToken | undefined,
): Renewal {
  const timer = o.timer ?? defaultTimer;
  const running = new Map<unknown, Promise<void>>();
  let cancel: (() => void) | undefined;
  let stopped = false;

  const arm = (ms: number) => {
    cancel?.();
    cancel = stopped ? undefined : timer(() => run(renew), Math.max(0, ms));
  };
  const schedule = (t: IssuedToken | undefined) => t && arm(t.renewAt - source.now());

  const run = (apply: (t: IssuedToken) => unknown): Promise<void> => {
    let p = running.get(apply);
    if (!p) {
      p = (async () => {
        try {
          const t = await fetchFresh();
          if (stopped) return;
          await apply(t);
          schedule(t);
        } catch (e) {
          if (stopped) return;
          const err = e instanceof TokenSourceError ? e : renewFailed(e);
          // The SDK warns once per token: a renewal lost to a passing failure would not be asked for again.
          if (isTransient(err)) arm(o.retryDelay ?? 5000);
          o.onError?.(err);
        } finally {
          running.delete(apply);
        }
      })();
      running.set(apply, p);
    }
    return p;
  };

  schedule(o.token ?? first);
  return {
    run,
    schedule,
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
