// createTokenSource: the tokenfn HTTP contract (v1) from the app's side. One cached token per ask,
// one request in flight per ask, expiry on the app's own clock, retries that honour Retry-After.
import { type FieldError, TokenSourceError } from './errors.js';

export type RtcRole = 'publisher' | 'subscriber';

/** Which of the deployment's apps (Agora projects) signs the token; every ask may say. */
export interface AppAsk {
  /** the app to sign with, by name (1 to 64 of `A-Z a-z 0-9 _ . -`); default: the deployment's default app */
  app?: string;
  /** the app to sign with, by its App ID (32 hex characters); with `app`, it must be that app's */
  appId?: string;
}

/** `POST /v1/tokens/rtc`: exactly one of `uid` (a number) and `account` (a string). */
export interface RtcAsk extends AppAsk {
  channel: string;
  uid?: number;
  account?: string;
  /** default subscriber */
  role?: RtcRole;
  /** seconds; the server's DEFAULT_EXPIRES_IN when absent */
  expiresIn?: number;
  /** seconds each privilege lasts (0: as long as the token) */
  privileges?: { join?: number; publishAudio?: number; publishVideo?: number; publishData?: number };
  /** add RTM login to the same token: `true` (the uid or account) or another user id */
  rtm?: true | { userId: string };
}

/** `POST /v1/tokens/rtm`; `userId` may be left to the server when JWT_UID_CLAIM binds it. */
export interface RtmAsk extends AppAsk {
  userId?: string;
  expiresIn?: number;
}

/** `POST /v1/tokens/chat`: a user token, or without `userId` an app token. */
export interface ChatAsk extends AppAsk {
  userId?: string;
  expiresIn?: number;
}

/** The names a user may read and write, for one kind of RTM 2 resource (at most 64 names each). */
export interface Rtm2Access {
  read?: string[];
  write?: string[];
}

/** RTM 2 resource permissions, by kind of resource. */
export interface Rtm2Permissions {
  /** each must be a channel the channels claim allows */
  messageChannels?: Rtm2Access;
  /** each must be a channel the channels claim allows */
  streamChannels?: Rtm2Access;
  /** each must be a channel the channels claim allows */
  groupChannels?: Rtm2Access;
  /** API-key callers only */
  serverGroups?: Rtm2Access;
  /** with JWT_UID_CLAIM, the caller's own user id only */
  users?: Rtm2Access;
}

/** `POST /v1/tokens/rtm2`: RTM 2 with resource permissions; `userId` is bound like an RTM user. */
export interface Rtm2Ask extends AppAsk {
  userId?: string;
  permissions?: Rtm2Permissions;
  expiresIn?: number;
}

/** The agent's (or bot's) own id: exactly one of a non-zero `uid` and an `account`. */
export type AgentUser =
  | {
      /** the numeric uid, 1..2^32-1: the one the product's REST API joins it with */
      uid: number;
      account?: never;
    }
  | {
      /** the user account */
      account: string;
      uid?: never;
    };

/**
 * `POST /v1/tokens/convoai` and `POST /v1/tokens/stt`: the RTC + RTM token a Conversational AI agent or
 * a speech-to-text bot joins `channel` with, as its own uid or account (not the caller's).
 */
export type AgentAsk = AppAsk &
  AgentUser & {
    channel: string;
    /** default publisher for an agent, subscriber for a bot */
    role?: RtcRole;
    expiresIn?: number;
  };

export type ApaasKind = 'room-user' | 'user' | 'app';

/** `POST /v1/tokens/apaas` (Flexible Classroom), a user in one room: RTM and Chat login included. */
export interface ApaasRoomUserAsk extends AppAsk {
  kind: 'room-user';
  roomUuid: string;
  /** may be left to the server when JWT_UID_CLAIM binds it */
  userUuid?: string;
  /** the role in the room (Flexible Classroom: 1 teacher, 2 student, …), -32768..32767; default -1 */
  role?: number;
  expiresIn?: number;
}

/** `POST /v1/tokens/apaas`, a user. */
export interface ApaasUserAsk extends AppAsk {
  kind: 'user';
  /** may be left to the server when JWT_UID_CLAIM binds it */
  userUuid?: string;
  expiresIn?: number;
  /** not used by a user token (the server refuses it) */
  roomUuid?: never;
  /** not used by a user token (the server refuses it) */
  role?: never;
}

/** `POST /v1/tokens/apaas`, the whole app: for API-key callers only. */
export interface ApaasAppAsk extends AppAsk {
  kind: 'app';
  expiresIn?: number;
  /** not used by an app token (the server refuses it) */
  roomUuid?: never;
  /** not used by an app token (the server refuses it) */
  userUuid?: never;
  /** not used by an app token (the server refuses it) */
  role?: never;
}

export type ApaasAsk = ApaasRoomUserAsk | ApaasUserAsk | ApaasAppAsk;

/** `POST /v1/tokens/fpa`: an FPA (Full-path Accelerator) login token. */
export interface FpaAsk extends AppAsk {
  expiresIn?: number;
}

export type TokenAsk =
  | ({ type: 'rtc' } & RtcAsk)
  | ({ type: 'rtm' } & RtmAsk)
  | ({ type: 'chat' } & ChatAsk)
  | ({ type: 'rtm2' } & Rtm2Ask)
  | ({ type: 'convoai' } & AgentAsk)
  | ({ type: 'stt' } & AgentAsk)
  | ({ type: 'apaas' } & ApaasAsk)
  | ({ type: 'fpa' } & FpaAsk);

/** A token as the server issued it, plus when to stop using it by the app's own clock. */
export interface IssuedToken {
  token: string;
  /** the name of the app that signed it */
  app: string;
  appId: string;
  /** unix seconds, the server's clock */
  issuedAt: number;
  /** unix seconds, the server's clock */
  expiresAt: number;
  /** ms on the source's clock: the token is valid until then (however wrong the device clock is) */
  validUntil: number;
  /** ms on the source's clock: from then on the token counts as stale and is renewed */
  renewAt: number;
}

export interface RtcToken extends IssuedToken {
  channel: string;
  uid?: number;
  account?: string;
  role: RtcRole;
  rtmUserId?: string;
}

export interface RtmToken extends IssuedToken {
  userId: string;
}

export interface ChatToken extends IssuedToken {
  userId?: string;
}

export interface Rtm2Token extends IssuedToken {
  userId: string;
  /** the permissions as asked (`{}` when none were) */
  permissions: Rtm2Permissions;
}

/** A ConvoAI agent's or STT bot's token: RTC for the channel and RTM login, for the same id. */
export type AgentToken = IssuedToken &
  AgentUser & {
    channel: string;
    role: RtcRole;
    /** the token's RTM login: the uid in decimal, or the account */
    rtmUserId: string;
  };

export interface ApaasRoomUserToken extends IssuedToken {
  kind: 'room-user';
  roomUuid: string;
  userUuid: string;
  role: number;
}

export interface ApaasUserToken extends IssuedToken {
  kind: 'user';
  userUuid: string;
}

export interface ApaasAppToken extends IssuedToken {
  kind: 'app';
}

export type ApaasToken = ApaasRoomUserToken | ApaasUserToken | ApaasAppToken;

export type FpaToken = IssuedToken;

type HeaderValues = Record<string, string> | [string, string][] | Headers;

export interface TokenSourceOptions {
  /** where the tokenfn endpoint is, e.g. `https://tokens.example.com` (the v1 paths are appended) */
  baseUrl: string | URL;
  /** sent with every request; a function is called per request, so it can return the current JWT */
  headers?: HeaderValues | (() => HeaderValues | Promise<HeaderValues>);
  /** default: the global fetch */
  fetch?: typeof fetch;
  /** ms since the epoch; default Date.now */
  clock?: () => number;
  /** called once on a 401 (refresh the app's JWT, say); the request is then sent once more */
  onUnauthorized?: () => unknown;
  /** seconds before `validUntil` at which a token is renewed, at most half its lifetime; default 60 */
  margin?: number;
  /** retries after 429, 503 or a network failure; default 3 */
  retries?: number;
  /** the longest wait between tries, ms; a longer Retry-After fails at once; default 30000 */
  maxRetryDelay?: number;
}

export interface GetOptions {
  /** stops waiting; the request itself stops when no one else waits for it */
  signal?: AbortSignal;
  /** a new token even if the cached one is still good (a request already in flight is shared) */
  fresh?: boolean;
}

export interface TokenSource {
  rtc(ask: RtcAsk, options?: GetOptions): Promise<RtcToken>;
  rtm(ask: RtmAsk, options?: GetOptions): Promise<RtmToken>;
  chat(ask: ChatAsk, options?: GetOptions): Promise<ChatToken>;
  rtm2(ask: Rtm2Ask, options?: GetOptions): Promise<Rtm2Token>;
  convoai(ask: AgentAsk, options?: GetOptions): Promise<AgentToken>;
  stt(ask: AgentAsk, options?: GetOptions): Promise<AgentToken>;
  /** the answer's type follows the ask's `kind` */
  apaas<A extends ApaasAsk>(ask: A, options?: GetOptions): Promise<Extract<ApaasToken, { kind: A['kind'] }>>;
  fpa(ask?: FpaAsk, options?: GetOptions): Promise<FpaToken>;
  get(ask: TokenAsk, options?: GetOptions): Promise<IssuedToken>;
  /** the cached token for `ask` while it is not stale, without a request */
  cached(ask: TokenAsk): IssuedToken | undefined;
  /**
   * Forgets every cached token and abandons every request in flight (their callers get ERR_ABORTED), so
   * nothing asked for before reaches an ask made after: call it when the user signs out.
   */
  clear(): void;
  /** the source's clock, ms */
  now(): number;
}

/** The cache key of an ask: its type and fields, key order ignored. */
export function askKey(ask: TokenAsk): string {
  return JSON.stringify(ask, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

interface Flight {
  promise: Promise<IssuedToken>;
  abort: AbortController;
  waiters: number;
}

const abortedError = (cause?: unknown) =>
  new TokenSourceError('ERR_ABORTED', 'The token request was aborted.', { cause });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(t);
      reject(abortedError(signal.reason));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal.addEventListener('abort', done, { once: true });
    // the last waiter may have gone while the answer was read: no timer, and no request, for no one
    if (signal.aborted) done();
  });
}

/** Retry-After as seconds: delta-seconds, or an HTTP date taken against the response's own Date. */
function retryAfterOf(res: Response): number | undefined {
  const v = res.headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  // Date.parse takes almost anything ("-5", "1.5" are dates to it); an HTTP date has a time of day
  if (!/\d\d:\d\d:\d\d/.test(v)) return undefined;
  const at = Date.parse(v);
  const now = Date.parse(res.headers.get('date') ?? '');
  return Number.isNaN(at) || Number.isNaN(now) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function problemOf(res: Response): Promise<TokenSourceError> {
  let p: { code?: unknown; detail?: unknown; errors?: FieldError[] } = {};
  try {
    p = await res.json();
  } catch {}
  const init = {
    status: res.status,
    retryAfter: retryAfterOf(res),
    errors: p.errors,
    requestId: res.headers.get('x-request-id') ?? undefined,
  };
  return typeof p.code === 'string'
    ? new TokenSourceError(p.code, typeof p.detail === 'string' ? p.detail : `HTTP ${res.status}`, init)
    : new TokenSourceError('ERR_BAD_RESPONSE', `The token endpoint answered HTTP ${res.status}.`, init);
}

/**
 * A token source for a tokenfn deployment.
 *
 * @example
 * const source = createTokenSource({
 *   baseUrl: 'https://tokens.example.com',
 *   headers: async () => ({ Authorization: `Bearer ${await auth.currentUser.getIdToken()}` }),
 * });
 * const { token } = await source.rtc({ channel: 'demo', uid: 42, role: 'publisher' });
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const clock = options.clock ?? Date.now;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = String(options.baseUrl).replace(/\/+$/, '');
  const marginMs = (options.margin ?? 60) * 1000;
  const retries = options.retries ?? 3;
  const maxDelay = options.maxRetryDelay ?? 30_000;
  const cache = new Map<string, IssuedToken>();
  const flights = new Map<string, Flight>();

  async function issue({ type, ...body }: TokenAsk, signal: AbortSignal): Promise<IssuedToken> {
    for (let attempt = 0, reauthorized = false; ; attempt++) {
      // The app's headers function and onUnauthorized may throw: their errors reach the caller as they are.
      const h = typeof options.headers === 'function' ? await options.headers() : options.headers;
      let headers: Headers;
      try {
        headers = new Headers(h);
      } catch {
        // Headers' own TypeError quotes the offending value: the bearer token or API key
        throw new TokenSourceError(
          'ERR_INVALID_HEADERS',
          'A header name or value of the headers option is invalid.',
        );
      }
      headers.set('content-type', 'application/json');
      const sentAt = clock();
      let res: Response | undefined;
      let failure!: TokenSourceError;
      try {
        res = await doFetch(`${base}/v1/tokens/${type}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal,
        });
      } catch (e) {
        if (signal.aborted) throw abortedError(signal.reason);
        failure = new TokenSourceError('ERR_NETWORK', 'The token endpoint could not be reached.', {
          cause: e,
        });
      }
      if (res?.ok) {
        const t = await res.json().catch(() => undefined);
        if (signal.aborted) throw abortedError(signal.reason);
        const lifetime = t?.expiresAt - t?.issuedAt;
        if (typeof t?.token !== 'string' || !(lifetime > 0)) {
          throw new TokenSourceError('ERR_BAD_RESPONSE', 'The token endpoint answered without a token.', {
            status: res.status,
          });
        }
        // The server stamps issuedAt after we sent, so sentAt + lifetime (less the second issuedAt was
        // rounded down by) never lies past the real expiry, whatever the device clock says.
        const validUntil = sentAt + (lifetime - 1) * 1000;
        return { ...t, validUntil, renewAt: validUntil - Math.min(marginMs, lifetime * 500) };
      }
      if (res) {
        failure = await problemOf(res);
        if (res.status === 401 && options.onUnauthorized && !reauthorized) {
          reauthorized = true;
          await options.onUnauthorized();
          attempt--;
          continue;
        }
        if (res.status !== 429 && res.status !== 503) throw failure;
      }
      const wait =
        failure.retryAfter !== undefined
          ? failure.retryAfter * 1000
          : Math.min(maxDelay, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (attempt >= retries || wait > maxDelay) throw failure;
      await sleep(wait, signal);
    }
  }

  const fresh = (t: IssuedToken | undefined) => (t && clock() < t.renewAt ? t : undefined);

  function get(ask: TokenAsk, o: GetOptions = {}): Promise<IssuedToken> {
    const { signal } = o;
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
    const key = askKey(ask);
    const hit = !o.fresh && fresh(cache.get(key));
    if (hit) return Promise.resolve(hit);
    let flight = flights.get(key);
    if (!flight) {
      const abort = new AbortController();
      const promise = issue(ask, abort.signal).then((t) => {
        // abandoned by clear() while its answer was read: the token is not the next user's to have
        if (abort.signal.aborted) throw abortedError(abort.signal.reason);
        for (const [k, v] of cache) if (clock() >= v.validUntil) cache.delete(k);
        cache.set(key, t);
        return t;
      });
      const landed = () => flights.get(key) === flight && flights.delete(key);
      promise.then(landed, landed);
      flight = { promise, abort, waiters: 0 };
      flights.set(key, flight);
    }
    const f = flight;
    f.waiters++;
    if (!signal) return f.promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(abortedError(signal.reason));
        // a late abort (the request has landed) must not drop the next request for the ask
        if (--f.waiters === 0 && flights.get(key) === f) {
          flights.delete(key);
          f.abort.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      f.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    get,
    rtc: (ask, o) => get({ ...ask, type: 'rtc' }, o) as Promise<RtcToken>,
    rtm: (ask, o) => get({ ...ask, type: 'rtm' }, o) as Promise<RtmToken>,
    chat: (ask, o) => get({ ...ask, type: 'chat' }, o) as Promise<ChatToken>,
    rtm2: (ask, o) => get({ ...ask, type: 'rtm2' }, o) as Promise<Rtm2Token>,
    convoai: (ask, o) => get({ ...ask, type: 'convoai' }, o) as Promise<AgentToken>,
    stt: (ask, o) => get({ ...ask, type: 'stt' }, o) as Promise<AgentToken>,
    apaas: <A extends ApaasAsk>(ask: A, o?: GetOptions) =>
      get({ ...ask, type: 'apaas' }, o) as Promise<Extract<ApaasToken, { kind: A['kind'] }>>,
    fpa: (ask = {}, o) => get({ ...ask, type: 'fpa' }, o),
    cached: (ask) => fresh(cache.get(askKey(ask))),
    clear() {
      cache.clear();
      for (const f of flights.values()) f.abort.abort();
      flights.clear();
    },
    now: clock,
  };
}
