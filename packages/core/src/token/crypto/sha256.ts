// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), synchronous and Web-only. Written for the short
// messages of a token: state in an Int32Array, HMAC pads hashed once per key, scratch space reused.
import { compress } from './sha256-compress.js';

const IV = /* @__PURE__ */ Int32Array.of(
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
);

const TAIL = /* @__PURE__ */ new Uint8Array(128);
const INNER = /* @__PURE__ */ new Uint8Array(32);
const STATE = /* @__PURE__ */ new Int32Array(8);

/**
 * Finishes a hash whose `state` has already absorbed `prefixLength` bytes (a multiple of 64): absorbs
 * `msg[off..off+len)`, pads, and writes the 32-byte digest to `out` at `outOff`. `state` is consumed.
 */
function finish(
  state: Int32Array,
  prefixLength: number,
  msg: Uint8Array,
  off: number,
  len: number,
  out: Uint8Array,
  outOff: number,
): void {
  let p = off;
  const end = off + len;
  while (end - p >= 64) {
    compress(state, msg, p);
    p += 64;
  }
  const tail = TAIL;
  const rest = end - p;
  for (let i = 0; i < rest; i++) tail[i] = msg[p + i]!;
  tail[rest] = 0x80;
  const blocks = rest < 56 ? 64 : 128;
  tail.fill(0, rest + 1, blocks);
  const bits = (prefixLength + len) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  tail[blocks - 8] = hi >>> 24;
  tail[blocks - 7] = hi >>> 16;
  tail[blocks - 6] = hi >>> 8;
  tail[blocks - 5] = hi;
  tail[blocks - 4] = lo >>> 24;
  tail[blocks - 3] = lo >>> 16;
  tail[blocks - 2] = lo >>> 8;
  tail[blocks - 1] = lo;
  compress(state, tail, 0);
  if (blocks === 128) compress(state, tail, 64);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[outOff++] = v >>> 24;
    out[outOff++] = v >>> 16;
    out[outOff++] = v >>> 8;
    out[outOff++] = v;
  }
}

/** SHA-256 digest of `msg`. */
export function sha256(msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  STATE.set(IV);
  finish(STATE, 0, msg, 0, msg.length, out, 0);
  return out;
}

/** An HMAC-SHA256 key with its inner and outer pad blocks already absorbed. */
export interface HmacKey {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

const PAD = /* @__PURE__ */ new Uint8Array(64);

/**
 * Absorbs the pad blocks of `key[0..len)` (len <= 64) into `into` (overwritten): two compressions, then
 * each MAC under the key costs only its message blocks + 1.
 */
export function hmacKeyInto(key: Uint8Array, len: number, into: HmacKey): HmacKey {
  const block = PAD;
  for (let i = 0; i < len; i++) block[i] = key[i]! ^ 0x36;
  block.fill(0x36, len);
  into.inner.set(IV);
  compress(into.inner, block, 0);
  for (let i = 0; i < len; i++) block[i] = key[i]! ^ 0x5c;
  block.fill(0x5c, len);
  into.outer.set(IV);
  compress(into.outer, block, 0);
  return into;
}

/** A new prepared key (keys longer than 64 bytes are hashed first, as HMAC specifies). */
export function hmacKey(key: Uint8Array): HmacKey {
  const k = key.length > 64 ? sha256(key) : key;
  return hmacKeyInto(k, k.length, { inner: new Int32Array(8), outer: new Int32Array(8) });
}

/** HMAC-SHA256 of `msg[off..off+len)` under a prepared key, written to `out` at `outOff`. */
export function hmacInto(
  key: HmacKey,
  msg: Uint8Array,
  off: number,
  len: number,
  out: Uint8Array,
  outOff: number,
): void {
  STATE.set(key.inner);
  finish(STATE, 64, msg, off, len, INNER, 0);
  STATE.set(key.outer);
  finish(STATE, 64, INNER, 0, 32, out, outOff);
}

/** HMAC-SHA256(key, msg), a new 32-byte array. */
export function hmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  hmacInto(hmacKey(key), msg, 0, msg.length, out, 0);
  return out;
}
