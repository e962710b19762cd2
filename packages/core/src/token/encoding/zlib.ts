// zlib (RFC 1950) framing. Building emits stored (uncompressed) blocks: every official parser accepts
// them, they cost well under a microsecond, and for the 007-rtc-uid payload the bytes equal the
// published stored variant. Reading accepts any valid zlib stream.
import { TokenFormatError } from '../errors.js';
import { inflateRaw } from './inflate.js';

/** Largest payload a token may inflate to; real tokens are well under 4 KiB. */
export const MAX_INFLATED_BYTES = 1 << 20;

/** Adler-32 of `data[start..end)`. */
export function adler32(data: Uint8Array, start: number, end: number): number {
  let a = 1;
  let b = 0;
  let i = start;
  while (i < end) {
    const stop = Math.min(end, i + 3800);
    for (; i < stop; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Bytes a stored zlib stream adds around `n` payload bytes. */
export function zlibStoredOverhead(n: number): number {
  return 2 + 5 * Math.max(1, Math.ceil(n / 0xffff)) + 4;
}

/**
 * Header bytes written before the payload when it fits one stored block (n <= 65535): callers can
 * reserve these 7 bytes, write the payload after them, then call {@link sealStoredZlib}.
 */
export const STORED_HEADER_BYTES = 7;

/** Fills the 7-byte header and 4-byte Adler-32 trailer around a single-block payload already in place. */
export function sealStoredZlib(buf: Uint8Array, payloadLength: number): void {
  buf[0] = 0x78;
  buf[1] = 0x9c;
  buf[2] = 0x01;
  buf[3] = payloadLength & 0xff;
  buf[4] = payloadLength >>> 8;
  buf[5] = ~payloadLength & 0xff;
  buf[6] = (~payloadLength >>> 8) & 0xff;
  const end = STORED_HEADER_BYTES + payloadLength;
  const adler = adler32(buf, STORED_HEADER_BYTES, end);
  buf[end] = adler >>> 24;
  buf[end + 1] = adler >>> 16;
  buf[end + 2] = adler >>> 8;
  buf[end + 3] = adler;
}

/** A zlib stream of stored blocks holding `data` (any length). */
export function zlibStored(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n <= 0xffff) {
    const buf = new Uint8Array(STORED_HEADER_BYTES + n + 4);
    buf.set(data, STORED_HEADER_BYTES);
    sealStoredZlib(buf, n);
    return buf;
  }
  const out = new Uint8Array(zlibStoredOverhead(n) + n);
  out[0] = 0x78;
  out[1] = 0x9c;
  let o = 2;
  for (let p = 0; p < n || p === 0; ) {
    const len = Math.min(0xffff, n - p);
    out[o++] = p + len >= n ? 1 : 0;
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(data.subarray(p, p + len), o);
    o += len;
    p += len;
    if (len === 0) break;
  }
  const adler = adler32(data, 0, n);
  out[o++] = adler >>> 24;
  out[o++] = adler >>> 16;
  out[o++] = adler >>> 8;
  out[o] = adler;
  return out;
}

function zlibError(message: string): never {
  throw new TokenFormatError('ERR_TOKEN_ZLIB', `token body is not a valid zlib stream (${message})`);
}

/** Inflates a complete zlib stream: header, any DEFLATE blocks, Adler-32 checked, nothing after it. */
export function zlibInflate(src: Uint8Array, maxOut = MAX_INFLATED_BYTES): Uint8Array {
  if (src.length < 6) zlibError('too short');
  const cmf = src[0]!;
  const flg = src[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7) zlibError('not deflate');
  if (((cmf << 8) | flg) % 31 !== 0) zlibError('header check');
  if (flg & 0x20) zlibError('preset dictionary');
  const { data, next } = inflateRaw(src, 2, src.length, maxOut);
  if (next + 4 > src.length) zlibError('missing Adler-32');
  const expected =
    ((src[next]! << 24) | (src[next + 1]! << 16) | (src[next + 2]! << 8) | src[next + 3]!) >>> 0;
  if (adler32(data, 0, data.length) !== expected) zlibError('Adler-32 mismatch');
  if (next + 4 !== src.length) {
    throw new TokenFormatError('ERR_TOKEN_TRAILING_BYTES', 'token body has bytes after the zlib stream');
  }
  return data;
}
