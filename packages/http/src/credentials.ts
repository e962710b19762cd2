// Where the App ID and App Certificate come from, and the one caching wrapper every adapter uses.

import type { AgoraCredentials } from '@tokenfn/core';
import { isHex32, TokenfnError } from '@tokenfn/core';
import { backoffMs } from './backoff.js';
import type { Logger } from './logger.js';

export interface CredentialSource {
  get(): Promise<AgoraCredentials>;
}

export type CredentialsErrorCode = 'ERR_CREDENTIALS_UNAVAILABLE' | 'ERR_CREDENTIALS_MALFORMED';

/** Credentials could not be loaded (store down) or are malformed. Never carries the secret. */
export class CredentialsUnavailableError extends TokenfnError {
  declare readonly code: CredentialsErrorCode;

  constructor(code: CredentialsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Checks both values are 32 hexadecimal characters; the message names the field, never the value. */
export function checkCredentials(c: unknown): AgoraCredentials {
  if (typeof c !== 'object' || c === null) {
    throw new CredentialsUnavailableError('ERR_CREDENTIALS_MALFORMED', 'The credentials are not an object.');
  }
  const { appId, appCertificate } = c as Record<string, unknown>;
  for (const [name, value] of [
    ['appId', appId],
    ['appCertificate', appCertificate],
  ] as const) {
    if (value === undefined || value === null || value === '') {
      throw new CredentialsUnavailableError('ERR_CREDENTIALS_MALFORMED', `The credentials have no ${name}.`);
    }
    if (!isHex32(value)) {
      throw new CredentialsUnavailableError(
        'ERR_CREDENTIALS_MALFORMED',
        `The credentials' ${name} is not 32 hexadecimal characters.`,
      );
    }
  }
  return { appId: appId as string, appCertificate: appCertificate as string };
}

/**
 * Parses a secret's string, `{"appId": "...", "appCertificate": "..."}` (other members ignored).
 * Throws CredentialsUnavailableError (ERR_CREDENTIALS_MALFORMED) saying what is wrong, never echoing it.
 */
export function parseSecretString(secretString: string): AgoraCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new CredentialsUnavailableError(
      'ERR_CREDENTIALS_MALFORMED',
      'The secret is not JSON; expected {"appId": "...", "appCertificate": "..."}.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialsUnavailableError(
      'ERR_CREDENTIALS_MALFORMED',
      'The secret is not a JSON object; expected {"appId": "...", "appCertificate": "..."}.',
    );
  }
  return checkCredentials(parsed);
}

/** A source that always answers the same credentials (validated on every get, so malformed ones give 503). */
export function staticCredentials(c: AgoraCredentials): CredentialSource {
  const copy = { appId: c.appId, appCertificate: c.appCertificate };
  return { get: async () => checkCredentials(copy) };
}

export interface CachedCredentialsOptions {
  /** how long a loaded value is fresh (SECRET_CACHE_SECONDS) */
  cacheSeconds: number;
  /** how long after it stopped being fresh a value may still serve while refreshes fail (SECRET_MAX_STALE_SECONDS) */
  maxStaleSeconds: number;
  /** clock in ms, injectable for tests */
  now?: () => number;
  logger?: Logger;
  /** after a failed refresh, wait this long before trying the store again; doubled after each further failure (default 1 s) */
  retryAfterFailureMs?: number;
  /** the longest wait between attempts while the store keeps failing (default 60 s) */
  maxRetryAfterFailureMs?: number;
}

/**
 * The app's view of any source: values checked on every get (never a token signed with garbage), any
 * failure a CredentialsUnavailableError (a 503, never a 500).
 */
export function guardedCredentials(source: CredentialSource): CredentialSource {
  return {
    get: () =>
      source.get().then(checkCredentials, (err: unknown) => {
        throw toCredentialsError(err);
      }),
  };
}

/**
 * Wraps a source with a cache that never makes a request wait for the store while it holds a usable value:
 * - a loaded value is served for `cacheSeconds` (fresh);
 * - after that, for up to `maxStaleSeconds` more, it is still served at once while one background refresh
 *   runs (stale-while-revalidate); a refresh that fails keeps it serving until that window ends;
 * - only with no usable value does get() wait, and concurrent waiters share one fetch;
 * - after a failure the store is not asked again for `retryAfterFailureMs`, doubled after each further
 *   failure up to `maxRetryAfterFailureMs`: during an outage get() (and so /readyz) answers from memory,
 *   the last value or the last error, without calling the store.
 */
export function cachedCredentials(source: CredentialSource, o: CachedCredentialsOptions): CredentialSource {
  const now = o.now ?? Date.now;
  const freshMs = Math.max(0, o.cacheSeconds) * 1000;
  const staleMs = Math.max(0, o.maxStaleSeconds) * 1000;
  const firstBackoffMs = Math.max(0, o.retryAfterFailureMs ?? 1000);
  const maxBackoffMs = Math.max(firstBackoffMs, o.maxRetryAfterFailureMs ?? 60_000);
  let value: AgoraCredentials | undefined;
  let loadedAt = 0;
  let failures = 0;
  let retryAt = Number.NEGATIVE_INFINITY;
  let lastError: CredentialsUnavailableError | undefined;
  let inflight: Promise<AgoraCredentials> | undefined;

  const usable = (t: number) => value !== undefined && t - loadedAt < freshMs + staleMs;

  const refresh = (): Promise<AgoraCredentials> => {
    inflight ??= (async () => {
      try {
        const next = checkCredentials(await source.get());
        value = next;
        loadedAt = now();
        lastError = undefined;
        failures = 0;
        retryAt = Number.NEGATIVE_INFINITY;
        return next;
      } catch (err) {
        const t = now();
        failures++;
        const backoff = backoffMs(failures, firstBackoffMs, maxBackoffMs);
        retryAt = t + backoff;
        lastError = toCredentialsError(err);
        const serving = usable(t);
        o.logger?.warn({
          message: 'credentials refresh failed',
          code: lastError.code,
          reason: lastError.message,
          failures,
          retryInSeconds: Math.round(backoff / 1000),
          servingStale: serving,
          ...(serving ? { staleForSeconds: Math.max(0, Math.round((t - loadedAt - freshMs) / 1000)) } : {}),
        });
        throw lastError;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  return {
    async get() {
      const t = now();
      if (value !== undefined && t - loadedAt < freshMs) return value;
      if (usable(t)) {
        // Stale but usable: answer now; one refresh runs behind (its failure is logged, not thrown here).
        if (!inflight && t >= retryAt) refresh().catch(() => {});
        return value as AgoraCredentials;
      }
      if (inflight) return inflight;
      if (t < retryAt && lastError) throw lastError;
      return refresh();
    },
  };
}

/** Any failure of a credential source as a CredentialsUnavailableError (only the error's class name is kept). */
export function toCredentialsError(err: unknown): CredentialsUnavailableError {
  if (err instanceof CredentialsUnavailableError) return err;
  const name = err instanceof Error ? err.name : typeof err;
  // Only the error's class name: a store's message could quote the secret or an ARN.
  return new CredentialsUnavailableError(
    'ERR_CREDENTIALS_UNAVAILABLE',
    `The credential store failed (${name.replace(/[^A-Za-z0-9_.-]/g, '')}).`,
    { cause: err },
  );
}
