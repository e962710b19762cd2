import { TokenFormatError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

let pairs: string[] | undefined;

/** 4096 two-character strings, one per 12-bit value: encoding then costs two lookups per 3 bytes. */
function pairTable(): string[] {
  if (pairs) return pairs;
  const t: string[] = new Array(4096);
  for (let i = 0; i < 4096; i++) t[i] = ALPHABET[i >> 6]! + ALPHABET[i & 63]!;
  pairs = t;
  return t;
}

let codes: Uint8Array | undefined;
let ascii: Uint8Array | undefined;
let decoder: TextDecoder | undefined;

/**
 * Standard base64 with padding, for the token hot path: characters are written as bytes into a scratch
 * buffer and turned into a string by one TextDecoder call, about twice as fast as string concatenation.
 */
export function base64EncodeFast(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  const outLen = Math.ceil(n / 3) * 4;
  if (!codes) {
    codes = new Uint8Array(64);
    for (let i = 0; i < 64; i++) codes[i] = ALPHABET.charCodeAt(i);
    decoder = new TextDecoder();
  }
  if (!ascii || ascii.length < outLen) ascii = new Uint8Array(Math.max(1024, outLen));
  const c = codes;
  const out = ascii;
  let o = 0;
  let i = start;
  const full = end - (n % 3);
  for (; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = c[v >> 18]!;
    out[o++] = c[(v >> 12) & 63]!;
    out[o++] = c[(v >> 6) & 63]!;
    out[o++] = c[v & 63]!;
  }
  const rest = end - i;
  if (rest > 0) {
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = c[v >> 18]!;
    out[o++] = c[(v >> 12) & 63]!;
    out[o++] = rest === 2 ? c[(v >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return decoder!.decode(out.subarray(0, o));
}

/** Standard base64 with padding (RFC 4648 section 4). */
export function base64Encode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const t = pairTable();
  let out = '';
  let i = start;
  const full = end - ((end - start) % 3);
  for (; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += t[v >> 12]! + t[v & 0xfff]!;
  }
  const rest = end - i;
  if (rest === 1) {
    const v = bytes[i]! << 4;
    out += `${t[v]!}==`;
  } else if (rest === 2) {
    const v = (bytes[i]! << 10) | (bytes[i + 1]! << 2);
    out += `${t[v >> 6]!}${ALPHABET[v & 63]!}=`;
  }
  return out;
}

let reverse: Int16Array | undefined;

function reverseTable(): Int16Array {
  if (reverse) return reverse;
  const r = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) r[ALPHABET.charCodeAt(i)] = i;
  reverse = r;
  return r;
}

/**
 * Decodes standard base64 starting at `from`. Padding is optional (as in the official parsers), but a
 * character outside the alphabet, misplaced padding or an impossible length throws ERR_TOKEN_BASE64.
 */
export function base64Decode(s: string, from = 0): Uint8Array {
  const r = reverseTable();
  let end = s.length;
  if (end > from && s.charCodeAt(end - 1) === 61) end--;
  if (end > from && s.charCodeAt(end - 1) === 61) end--;
  const n = end - from;
  if (n % 4 === 1)
    throw new TokenFormatError('ERR_TOKEN_BASE64', 'token body is not valid base64 (bad length)');
  if (end < s.length && (s.length - from) % 4 !== 0) {
    throw new TokenFormatError('ERR_TOKEN_BASE64', 'token body is not valid base64 (bad padding)');
  }
  const out = new Uint8Array(((n * 3) >> 2) | 0);
  const bad = () =>
    new TokenFormatError('ERR_TOKEN_BASE64', 'token body contains a character outside base64');
  const value = (i: number): number => {
    const c = s.charCodeAt(i);
    return c < 128 ? r[c]! : -1;
  };
  let o = 0;
  let i = from;
  const fullEnd = from + (n & ~3);
  for (; i < fullEnd; i += 4) {
    const a = value(i);
    const b = value(i + 1);
    const c = value(i + 2);
    const d = value(i + 3);
    if ((a | b | c | d) < 0) throw bad();
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const a = value(i);
    const b = value(i + 1);
    const c = rest === 3 ? value(i + 2) : 0;
    if ((a | b | c) < 0) throw bad();
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 0xff;
  }
  return out;
}
