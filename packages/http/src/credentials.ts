// Where the App ID and App Certificate come from, and the one caching wrapper every adapter uses.

import type { AgoraCredentials } from '@tokenfn/core';
import { isHex32, TokenfnError } from '@tokenfn/core';
import { backoffMs } from './backoff.js';
import type { Logger } from './logger.js';

/**
 * One Agora project as a deployment holds it. `previousAppCertificate` is the certificate being rotated
 * out: tokens are always signed with `appCertificate`, and inspection accepts either.
 */
export interface AppCredentials extends AgoraCredentials {
  previousAppCertificate?: string;
}

/** Several Agora projects, by name: `{"apps": {"prod": {…}, "staging": {…}}}`. */
export interface AgoraApps {
  apps: Record<string, AppCredentials>;
  /** never set: the single-app members belong to each app */
  appId?: undefined;
  appCertificate?: undefined;
}

/** What a credential source answers: one project (the single-app form) or a set of named ones. */
export type LoadedCredentials = AppCredentials | AgoraApps;

/** The name the single-app form goes by (in answers, logs and the `app` field of a request). */
export const SINGLE_APP_NAME = 'default';

/** App names: what a request's `app`, AGORA_DEFAULT_APP, claims and scopes name. */
export const APP_NAME = /^(?!__proto__$)[A-Za-z0-9_.-]{1,64}$/;

export interface CredentialSource {
  get(): Promise<LoadedCredentials>;
}

export type CredentialsErrorCode = 'ERR_CREDENTIALS_UNAVAILABLE' | 'ERR_CREDENTIALS_MALFORMED';

/** Credentials could not be loaded (store down) or are malformed. Never carries the secret. */
export class CredentialsUnavailableError extends TokenfnError {
  override name = 'CredentialsUnavailableError';
  declare readonly code: CredentialsErrorCode;

  constructor(code: CredentialsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

function malformed(message: string): CredentialsUnavailableError {
  return new CredentialsUnavailableError('ERR_CREDENTIALS_MALFORMED', message);
}

/** One app's values, each 32 hexadecimal characters; `where` prefixes the message ("" or "app \"prod\": "). */
function checkApp(c: unknown, where: string): AppCredentials {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    throw malformed(`${where ? `${where}: the` : 'The'} credentials are not an object.`);
  }
  const { appId, appCertificate, previousAppCertificate } = c as Record<string, unknown>;
  const the = where ? `${where}: the credentials'` : "The credentials'";
  for (const [name, value] of [
    ['appId', appId],
    ['appCertificate', appCertificate],
  ] as const) {
    if (value === undefined || value === null || value === '') {
      throw malformed(`${where ? `${where}: the` : 'The'} credentials have no ${name}.`);
    }
    if (!isHex32(value)) throw malformed(`${the} ${name} is not 32 hexadecimal characters.`);
  }
  const out: AppCredentials = { appId: appId as string, appCertificate: appCertificate as string };
  if (
    previousAppCertificate !== undefined &&
    previousAppCertificate !== null &&
    previousAppCertificate !== ''
  ) {
    if (!isHex32(previousAppCertificate)) {
      throw malformed(`${the} previousAppCertificate is not 32 hexadecimal characters.`);
    }
    out.previousAppCertificate = previousAppCertificate;
  }
  return out;
}

/**
 * Checks credentials in either form: one app (`appId`, `appCertificate`, optional `previousAppCertificate`)
 * or `{"apps": {name: app, …}}` (at least one app, names of `A-Za-z0-9_.-`). Every value is 32 hexadecimal
 * characters; a message names the field and the app, never a value.
 */
export function checkCredentials(c: unknown): LoadedCredentials {
  if (typeof c === 'object' && c !== null && 'apps' in c) {
    const apps = (c as { apps: unknown }).apps;
    if (typeof apps !== 'object' || apps === null || Array.isArray(apps)) {
      throw malformed("The credentials' apps is not an object of named apps.");
    }
    const names = Object.keys(apps);
    if (names.length === 0) throw malformed("The credentials' apps is empty.");
    // No prototype: an app named like an Object.prototype member is just an app.
    const out: Record<string, AppCredentials> = Object.create(null);
    for (const name of names) {
      if (!APP_NAME.test(name)) {
        throw malformed('An app name in the credentials is not 1 to 64 of A-Z a-z 0-9 _ . - (nor __proto__)');
      }
      out[name] = checkApp((apps as Record<string, unknown>)[name], `app "${name}"`);
    }
    return { apps: out };
  }
  return checkApp(c, '');
}

/** The single-app forms as named apps, made once per loaded value (appsOf runs on every request). */
const singleApps = new WeakMap<AppCredentials, Record<string, AppCredentials>>();

/** Either form as named apps: the single-app form is the app named `default`. */
export function appsOf(c: LoadedCredentials): Record<string, AppCredentials> {
  if ('apps' in c) return c.apps;
  let apps = singleApps.get(c);
  if (apps === undefined) {
    apps = { [SINGLE_APP_NAME]: c };
    singleApps.set(c, apps);
  }
  return apps;
}

/**
 * Parses a secret's string: `{"appId": "...", "appCertificate": "...", "previousAppCertificate"?: "..."}`,
 * or `{"apps": {"prod": {…}, "staging": {…}}}` (other members ignored).
 * Throws CredentialsUnavailableError (ERR_CREDENTIALS_MALFORMED) saying what is wrong, never echoing it.
 */
export function parseSecretString(secretString: string): LoadedCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw malformed('The secret is not JSON; expected {"appId": "...", "appCertificate": "..."}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed('The secret is not a JSON object; expected {"appId": "...", "appCertificate": "..."}.');
  }
  return checkCredentials(parsed);
}

/** A source that always answers the same credentials (validated on every get, so malformed ones give 503). */
export function staticCredentials(c: LoadedCredentials): CredentialSource {
  const copy: unknown = structuredClone(c);
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
  // A cached source hands out the same object until it reloads: it is checked once, not per request.
  const checked = new WeakMap<object, LoadedCredentials>();
  const check = (c: unknown): LoadedCredentials => {
    if (typeof c !== 'object' || c === null) return checkCredentials(c);
    let result = checked.get(c);
    if (result === undefined) {
      result = checkCredentials(c);
      checked.set(c, result);
    }
    return result;
  };
  return {
    get: () =>
      source.get().then(check, (err: unknown) => {
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
  let value: LoadedCredentials | undefined;
  let loadedAt = 0;
  let failures = 0;
  let retryAt = Number.NEGATIVE_INFINITY;
  let lastError: CredentialsUnavailableError | undefined;
  let inflight: Promise<LoadedCredentials> | undefined;

  const usable = (t: number) => value !== undefined && t - loadedAt < freshMs + staleMs;

  const refresh = (): Promise<LoadedCredentials> => {
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
        return value as LoadedCredentials;
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
