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
  /** ms between tries after a transient failure (or its Retry-After, when longer); default 5000 */
  retryDelay?: number;
}

const defaultTimer: Timer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** The longest delay setTimeout keeps: a longer one runs at once (a Retry-After of years, a busy loop). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** ms before another try after a transient failure, or after a token stale on arrival (default). */
export const RETRY_DELAY_MS = 5000;

/** A timer's delay, within what setTimeout keeps. */
export const timerDelay = (ms: number): number => Math.min(Math.max(0, ms), MAX_TIMER_MS);

/**
 * When to fetch again after `t` arrived: at its `renewAt`, or after `retryDelay` when it is stale on
 * arrival (a lifetime shorter than the round trip), so it is not fetched in a busy loop.
 */
export function untilRenewal(t: IssuedToken, now: number, retryDelay: number): number {
  const ms = t.renewAt - now;
  return ms > 0 ? ms : retryDelay;
}

/** When to try again after a transient failure: `retryDelay`, or the answer's Retry-After when longer. */
export const untilRetry = (err: TokenSourceError, retryDelay: number): number =>
  Math.max(retryDelay, (err.retryAfter ?? 0) * 1000);

/** An SDK's refusal as our error, the SDK's own error kept as the cause. */
export function renewFailed(cause: unknown): TokenSourceError {
  return new TokenSourceError('ERR_RENEW_FAILED', 'The SDK did not accept the renewed token.', { cause });
}

export interface Renewal {
  /** fetch a fresh token and hand it to `apply`; concurrent runs with the same `apply` share one */
  run(apply: (t: IssuedToken) => unknown): Promise<void>;
  /** the SDK's will-expire warning: `run`, unless the token last renewed with is not stale yet */
  warned(apply: (t: IssuedToken) => unknown): Promise<void>;
  /** set the timer for the renewal before `t` goes stale */
  schedule(t: IssuedToken | undefined): void;
  stop(): void;
}

export function renewal(
  source: TokenSource,
  fetchFresh: (signal: AbortSignal) => Promise<IssuedToken>,
  renew: (t: IssuedToken) => unknown,
  o: BindingOptions,
  first: IssuedToken | undefined,
): Renewal {
  const timer = o.timer ?? defaultTimer;
  const running = new Map<unknown, Promise<void>>();
  const abort = new AbortController();
  const retryDelay = o.retryDelay ?? RETRY_DELAY_MS;
  let cancel: (() => void) | undefined;
  let stopped = false;
  let last: IssuedToken | undefined;

  const arm = (ms: number) => {
    cancel?.();
    cancel = stopped ? undefined : timer(() => run(renew), timerDelay(ms));
  };
  const schedule = (t: IssuedToken | undefined) => t && arm(t.renewAt - source.now());

  const run = (apply: (t: IssuedToken) => unknown): Promise<void> => {
    let p = running.get(apply);
    if (!p) {
      p = (async () => {
        try {
          const t = await fetchFresh(abort.signal);
          if (stopped) return;
          await apply(t);
          last = t;
          arm(untilRenewal(t, source.now(), retryDelay));
        } catch (e) {
          if (stopped) return;
          const err = e instanceof TokenSourceError ? e : renewFailed(e);
          // The SDK warns once per token: a renewal lost to a passing failure would not be asked for again.
          if (isTransient(err)) arm(untilRetry(err, retryDelay));
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
    // A token shorter than the SDK's 30 s warning is warned about again the moment renewToken takes it;
    // until it goes stale its timer renews it (a timer that comes late lets the warning through).
    warned: (apply) => (last && source.now() < last.renewAt ? Promise.resolve() : run(apply)),
    schedule,
    stop() {
      stopped = true;
      cancel?.();
      abort.abort();
    },
  };
}
