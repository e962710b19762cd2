// The crypto seam, portable side (`#crypto` default condition): the library's own SHA-256 and Web Crypto's
// random values, for every runtime without node:crypto. Same exports as ./seam.node.ts;
// tests/token/crypto.test.ts holds both to the FIPS 180-4 and RFC 4231 vectors and to each other.
import { type HmacKey, hmacInto, hmacKeyInto, sha256 } from './sha256.js';

const KEY: HmacKey = { inner: /* @__PURE__ */ new Int32Array(8), outer: /* @__PURE__ */ new Int32Array(8) };

/** Writes HMAC-SHA256(key, data[start..end)) into `out` at `outOff` (32 bytes). */
export function hmacSha256Into(
  key: Uint8Array,
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): void {
  const k = key.length > 64 ? sha256(key) : key;
  hmacInto(hmacKeyInto(k, k.length, KEY), data, start, end - start, out, outOff);
}

/** HMAC-SHA256(key, data), a new 32-byte array, and the SHA-256 digest of a message: the library's own. */
export { hmacSha256, sha256 } from './sha256.js';

/** Fills `array` with cryptographically random values (`crypto.getRandomValues`). */
export function fillRandom(array: Uint32Array<ArrayBuffer>): void {
  crypto.getRandomValues(array);
}
