/**
 * Base class of every error tokenfn throws on purpose; `code` is stable and safe to branch on. Each class
 * names itself with a literal `name`, not its constructor's name: minified bundles (the Lambda's, the
 * Worker's) rename classes, and the name is what the log lines carry.
 */
export class TokenfnError extends Error {
  override name = 'TokenfnError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Stable codes of {@link TokenFormatError}. */
export type TokenFormatErrorCode =
  | 'ERR_TOKEN_NOT_STRING'
  | 'ERR_TOKEN_VERSION'
  | 'ERR_TOKEN_BASE64'
  | 'ERR_TOKEN_ZLIB'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_TOKEN_TRUNCATED'
  | 'ERR_TOKEN_TRAILING_BYTES'
  | 'ERR_TOKEN_APP_ID'
  | 'ERR_TOKEN_MALFORMED';

/** A token string that is not a well-formed 006 or 007 token. Never echoes the token. */
export class TokenFormatError extends TokenfnError {
  override name = 'TokenFormatError';
  declare readonly code: TokenFormatErrorCode;

  constructor(code: TokenFormatErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A bad argument to a builder or validator: `field` names it, the message says what is allowed. */
export class TokenInputError extends TokenfnError {
  override name = 'TokenInputError';
  readonly field: string;

  constructor(code: string, field: string, message: string) {
    super(code, message);
    this.field = field;
  }
}
