// Agora's documented input rules. Every failure is a TokenInputError whose
// message says what was wrong and what is allowed; values that may be secret are never echoed.
import { MAX_EXPIRE_SECONDS } from './constants.js';
import { utf8Length } from './encoding/utf8.js';
import { TokenInputError } from './errors.js';

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * Whether a value has the shape of an App ID or App Certificate: exactly 32 hexadecimal characters.
 *
 * @example
 * isHex32('970CA35de60c44645bbae8a215061b33'); // true
 * isHex32(' 970CA35de60c44645bbae8a215061b33'); // false
 */
export function isHex32(v: unknown): v is string {
  return typeof v === 'string' && HEX32.test(v);
}
// a-z A-Z 0-9 space ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,
const CHANNEL_CHARS = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{|}~,]*$/;
const CHANNEL_CHARS_TEXT = 'a-z A-Z 0-9 space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,';

/** The largest uid (and u32): 2^32 - 1. */
export const MAX_UID = 0xffffffff;

/**
 * A uid written in decimal (a path segment, a claim, a command-line argument): its number when `text` is
 * 1 to 10 decimal digits within 0..2^32-1, else undefined. `canonical` also refuses leading zeros, so
 * that only the number's own spelling ("42", not "042") is read as that number.
 *
 * @example
 * parseDecimalU32('42');                      // 42
 * parseDecimalU32('042', { canonical: true }); // undefined
 * parseDecimalU32('4294967296');              // undefined
 */
export function parseDecimalU32(text: string, o: { canonical?: boolean } = {}): number | undefined {
  if (!(o.canonical ? /^(0|[1-9]\d{0,9})$/ : /^\d{1,10}$/).test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_UID ? n : undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : `a ${typeof v}`;
}

// The last value that passed, to skip the regular expression when a server signs with the same ones.
let lastAppId = '';
let lastCertificate = '';

export function validateAppId(v: unknown, field = 'appId'): string {
  if (v === lastAppId && v !== '') return v;
  if (!isHex32(v)) {
    throw new TokenInputError(
      'ERR_INVALID_APP_ID',
      field,
      `${field} must be the 32-hex-character App ID from the Agora console (got ${typeof v === 'string' ? `${v.length} characters` : describe(v)})`,
    );
  }
  lastAppId = v;
  return v;
}

export function validateAppCertificate(v: unknown, field = 'appCertificate'): string {
  if (v === lastCertificate && v !== '') return v;
  if (!isHex32(v)) {
    throw new TokenInputError(
      'ERR_INVALID_APP_CERTIFICATE',
      field,
      `${field} must be the 32-hex-character App Certificate from the Agora console (the value given is not; it is not shown)`,
    );
  }
  lastCertificate = v;
  return v;
}

export function validateChannelName(v: unknown, field = 'channel'): string {
  if (typeof v !== 'string') {
    throw new TokenInputError(
      'ERR_INVALID_CHANNEL_NAME',
      field,
      `${field} must be a string, got ${describe(v)}`,
    );
  }
  if (v.length === 0 || v.length > 63) {
    throw new TokenInputError(
      'ERR_INVALID_CHANNEL_NAME',
      field,
      `${field} must be 1 to 63 characters long (less than 64 bytes), got ${v.length}`,
    );
  }
  if (!CHANNEL_CHARS.test(v)) {
    throw new TokenInputError(
      'ERR_INVALID_CHANNEL_NAME',
      field,
      `${field} contains a character Agora does not allow; allowed: ${CHANNEL_CHARS_TEXT}`,
    );
  }
  return v;
}

export function validateUid(v: unknown, field = 'uid'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_UID) {
    throw new TokenInputError(
      'ERR_INVALID_UID',
      field,
      `${field} must be an integer from 0 to 4294967295 (0 means any uid), got ${typeof v === 'number' ? String(v) : describe(v)}`,
    );
  }
  return v;
}

export function validateUserAccount(v: unknown, field = 'account'): string {
  if (typeof v !== 'string') {
    throw new TokenInputError(
      'ERR_INVALID_USER_ACCOUNT',
      field,
      `${field} must be a string, got ${describe(v)}`,
    );
  }
  if (v.length === 0 || v.length > 255) {
    throw new TokenInputError(
      'ERR_INVALID_USER_ACCOUNT',
      field,
      `${field} must be 1 to 255 bytes long, got ${v.length} characters`,
    );
  }
  if (!CHANNEL_CHARS.test(v)) {
    throw new TokenInputError(
      'ERR_INVALID_USER_ACCOUNT',
      field,
      `${field} contains a character Agora does not allow; allowed: ${CHANNEL_CHARS_TEXT}`,
    );
  }
  return v;
}

export function validateRtmUserId(v: unknown, field = 'userId'): string {
  if (typeof v !== 'string') {
    throw new TokenInputError('ERR_INVALID_USER_ID', field, `${field} must be a string, got ${describe(v)}`);
  }
  const bytes = utf8Length(v);
  if (bytes === 0 || bytes > 64) {
    throw new TokenInputError(
      'ERR_INVALID_USER_ID',
      field,
      `${field} must be 1 to 64 bytes long, got ${bytes}`,
    );
  }
  if (v.charCodeAt(0) === 32) {
    throw new TokenInputError('ERR_INVALID_USER_ID', field, `${field} must not start with a space`);
  }
  return v;
}

/**
 * Seconds from now: an integer from 1 to `max` (default 86400). A larger value is most often a unix
 * timestamp passed by mistake, and the message says so.
 */
export function validateExpiresIn(v: unknown, field = 'expiresIn', max: number = MAX_EXPIRE_SECONDS): number {
  return validateSeconds(v, field, 1, max);
}

/** Like validateExpiresIn, with a chosen minimum (privileges may be 0: as long as the token). */
export function validateSeconds(
  v: unknown,
  field: string,
  min: number,
  max: number = MAX_EXPIRE_SECONDS,
): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TokenInputError(
      'ERR_INVALID_EXPIRE',
      field,
      `${field} must be an integer number of seconds from now (${min} to ${max}), got ${typeof v === 'number' ? String(v) : describe(v)}`,
    );
  }
  if (v > max) {
    const hint =
      v > 1_000_000_000
        ? ' It looks like a unix timestamp: pass seconds from now instead (e.g. 3600 for one hour).'
        : '';
    throw new TokenInputError(
      'ERR_EXPIRE_TOO_LONG',
      field,
      `${field} is seconds from now and must be at most ${max}${max === MAX_EXPIRE_SECONDS ? ' (24 hours, Agora’s limit)' : ''}, got ${v}.${hint}`,
    );
  }
  if (v < min) {
    throw new TokenInputError(
      'ERR_INVALID_EXPIRE',
      field,
      `${field} must be at least ${min} second${min === 1 ? '' : 's'}${min === 0 ? ' (0 means as long as the token)' : ''}, got ${v}`,
    );
  }
  return v;
}

/** An unsigned 32-bit integer (timestamps, salts). */
export function validateUint32(v: unknown, field: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_UID) {
    throw new TokenInputError(
      'ERR_INVALID_ARGUMENT',
      field,
      `${field} must be an integer from ${min} to 4294967295, got ${typeof v === 'number' ? String(v) : describe(v)}`,
    );
  }
  return v;
}

/** A string whose UTF-8 form fits the format's u16 length prefix (may be empty). */
export function validatePackableString(v: unknown, field: string): string {
  if (typeof v !== 'string') {
    throw new TokenInputError('ERR_INVALID_ARGUMENT', field, `${field} must be a string, got ${describe(v)}`);
  }
  if (v.length > 0x5555 && utf8Length(v) > 0xffff) {
    throw new TokenInputError('ERR_STRING_TOO_LONG', field, `${field} must be at most 65535 bytes in UTF-8`);
  }
  return v;
}
