// The HMAC-SHA256 seam, Node side (`#hmac` "node" condition). Same signature as ./hmac.portable.ts.
//
// node:crypto's HMAC needs no JIT warm-up, which matters on a Lambda cold start that signs one token: the
// first NATIVE_CALLS HMACs of a process are node:crypto's. Each createHmac call pays a few microseconds of
// key import and object set-up, though, and once a process signs tokens steadily the library's own
// SHA-256 (./hmac.portable.ts), compiled by then, does a token's two HMACs 1.6 times as fast
// (`pnpm bench token`, "signing: HMAC(4-byte key) + HMAC(32-byte key)"). So from then on the portable
// code signs. Both give the
// same bytes: tests/token/crypto.test.ts holds each to the RFC 4231 vectors and to the other.
import { createHmac } from 'node:crypto';
import { hmacSha256Into as portableInto } from './hmac.portable.js';

/** HMACs computed by node:crypto before the portable code takes over (a few tokens' worth). */
export const NATIVE_CALLS = 64;
let nativeLeft = NATIVE_CALLS;

/** node:crypto's HMAC-SHA256(key, data[start..end)) into `out` at `outOff`. */
export function nativeHmacSha256Into(
  key: Uint8Array,
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): void {
  out.set(createHmac('sha256', key).update(data.subarray(start, end)).digest(), outOff);
}

/** Writes HMAC-SHA256(key, data[start..end)) into `out` at `outOff` (32 bytes). */
export function hmacSha256Into(
  key: Uint8Array,
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): void {
  if (nativeLeft > 0) {
    nativeLeft--;
    nativeHmacSha256Into(key, data, start, end, out, outOff);
  } else portableInto(key, data, start, end, out, outOff);
}

/** HMAC-SHA256(key, data), a new 32-byte array. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  hmacSha256Into(key, data, 0, data.length, out, 0);
  return out;
}
