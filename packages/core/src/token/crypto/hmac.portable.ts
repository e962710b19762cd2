// The HMAC-SHA256 seam, portable side (`#hmac` default condition): the library's own SHA-256, for every
// runtime without node:crypto. Same signature as ./hmac.node.ts; tests/token/crypto.test.ts holds both to
// the RFC 4231 vectors and to each other.
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

/** HMAC-SHA256(key, data), a new 32-byte array: the library's own, as it is. */
export { hmacSha256 } from './sha256.js';
