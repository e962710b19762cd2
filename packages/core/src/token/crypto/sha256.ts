// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), synchronous and Web-only. Written for the short
// messages of a token: state in an Int32Array, message schedule reused, HMAC pads hashed once per key.

const K = /* @__PURE__ */ Int32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
);

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

const W = /* @__PURE__ */ new Int32Array(64);
const TAIL = /* @__PURE__ */ new Uint8Array(128);
const INNER = /* @__PURE__ */ new Uint8Array(32);
const STATE = /* @__PURE__ */ new Int32Array(8);

function compress(state: Int32Array, data: Uint8Array, off: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, off += 4) {
    w[i] = (data[off]! << 24) | (data[off + 1]! << 16) | (data[off + 2]! << 8) | data[off + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

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

/** Prepares an HMAC-SHA256 key: two compressions, then each MAC costs only the message blocks + 1. */
export function hmacKey(key: Uint8Array): HmacKey {
  const k = key.length > 64 ? sha256(key) : key;
  const block = new Uint8Array(64);
  const inner = IV.slice();
  const outer = IV.slice();
  for (let i = 0; i < 64; i++) block[i] = (k[i] ?? 0) ^ 0x36;
  compress(inner, block, 0);
  for (let i = 0; i < 64; i++) block[i] = (k[i] ?? 0) ^ 0x5c;
  compress(outer, block, 0);
  return { inner, outer };
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
