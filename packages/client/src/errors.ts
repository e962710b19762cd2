// The one error type of the client. `code` is the server's problem code (ERR_RATE_LIMITED,
// ERR_INVALID_FIELDS, ERR_FORBIDDEN, ...) or one of the client's own (ClientErrorCode).

/** Codes the client raises itself; every other code is the server's problem `code`. */
export type ClientErrorCode =
  /** the endpoint could not be reached (fetch rejected) */
  | 'ERR_NETWORK'
  /** the caller's AbortSignal fired */
  | 'ERR_ABORTED'
  /** an answer that is neither a token nor a problem */
  | 'ERR_BAD_RESPONSE'
  /** the `headers` option gave a header name or value fetch cannot send */
  | 'ERR_INVALID_HEADERS'
  /** the SDK refused the renewed token (its own error is the `cause`) */
  | 'ERR_RENEW_FAILED'
  /** the client joined with another uid or account than the binding renews for */
  | 'ERR_UID_MISMATCH'
  /** the token expired and the app gave no way to rejoin */
  | 'ERR_TOKEN_EXPIRED';

export interface FieldError {
  path: string;
  message: string;
}

export interface TokenSourceErrorInit {
  status?: number;
  /** seconds, from Retry-After */
  retryAfter?: number;
  errors?: FieldError[];
  requestId?: string;
  cause?: unknown;
}

/**
 * A failed token request or renewal. The message is the server's `detail` (which never contains a
 * secret) or the client's own sentence; it never contains a token or a header value.
 *
 * @example
 * try {
 *   await source.rtc({ channel: 'demo', uid: 42 });
 * } catch (e) {
 *   if (e instanceof TokenSourceError && e.code === 'ERR_FORBIDDEN') showNotAllowed();
 * }
 */
export class TokenSourceError extends Error {
  readonly code: ClientErrorCode | (string & {});
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  readonly errors: FieldError[] | undefined;
  readonly requestId: string | undefined;

  constructor(code: string, message: string, init: TokenSourceErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TokenSourceError';
    this.code = code;
    this.status = init.status;
    this.retryAfter = init.retryAfter;
    this.errors = init.errors;
    this.requestId = init.requestId;
  }
}

/** Worth trying again later: the network, a rate limit or the server's own trouble. */
export function isTransient(e: unknown): boolean {
  return (
    e instanceof TokenSourceError &&
    (e.code === 'ERR_NETWORK' || e.status === 429 || (e.status !== undefined && e.status >= 500))
  );
}
