// The crypto seam, Node side (`#crypto` "node" condition). Same exports as ./seam.portable.ts.
//
// node:crypto needs no JIT warm-up, which matters on a Lambda cold start that hashes one API key and signs
// one token: the first NATIVE_CALLS HMACs (and, counted apart, SHA-256 digests) of a process are
// node:crypto's. The first call of the library's own SHA-256 costs about a millisecond (its unrolled
// compression function is compiled and run cold). Each createHmac / createHash call pays a few
// microseconds of object set-up, though, and once a process signs tokens steadily the library's own code
// (./seam.portable.ts), compiled by then, does a token's two HMACs 1.6 times as fast (`pnpm bench token`,
// "signing: HMAC(4-byte key) + HMAC(32-byte key)"). So from then on the portable code runs. Randomness is
// node:crypto's randomFillSync: its first call costs about a tenth of the first
// `crypto.getRandomValues` (which sets up Web Crypto). Both sides give the same bytes:
// tests/token/crypto.test.ts holds each to the FIPS 180-4 and RFC 4231 vectors and to the other.
import { createHash, createHmac, randomFillSync } from 'node:crypto';
import { hmacSha256Into as portableInto } from './seam.portable.js';
import { sha256 as portableSha256 } from './sha256.js';

/** HMACs (and, separately, digests) computed by node:crypto before the portable code takes over. */
export const NATIVE_CALLS = 64;
let nativeHmacsLeft = NATIVE_CALLS;
let nativeDigestsLeft = NATIVE_CALLS;

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
  if (nativeHmacsLeft > 0) {
    nativeHmacsLeft--;
    nativeHmacSha256Into(key, data, start, end, out, outOff);
  } else portableInto(key, data, start, end, out, outOff);
}

/** HMAC-SHA256(key, data), a new 32-byte array. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  hmacSha256Into(key, data, 0, data.length, out, 0);
  return out;
}

/** node:crypto's SHA-256 digest of `msg`, copied into a plain 32-byte array (not a Buffer). */
export function nativeSha256(msg: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(msg).digest());
}

/** SHA-256 digest of `msg`, a new 32-byte array. */
export function sha256(msg: Uint8Array): Uint8Array {
  if (nativeDigestsLeft > 0) {
    nativeDigestsLeft--;
    return nativeSha256(msg);
  }
  return portableSha256(msg);
}

/** Fills `array` with cryptographically random values. */
export function fillRandom(array: Uint32Array<ArrayBuffer>): void {
  randomFillSync(array);
}
