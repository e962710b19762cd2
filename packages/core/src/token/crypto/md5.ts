// MD5 (RFC 1321), used only where the official builders use it: the Chat user id of an APaaS
// room-user token is md5(userUuid) in lower-case hex. Not used for anything that needs security.
import { toHex } from '../encoding/hex.js';
import { utf8Encode } from '../encoding/utf8.js';

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

let table: Int32Array | undefined;

function sineTable(): Int32Array {
  if (table) return table;
  const t = new Int32Array(64);
  for (let i = 0; i < 64; i++) t[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0;
  table = t;
  return t;
}

/** MD5 of the UTF-8 bytes of `text`, lower-case hex. */
export function md5Hex(text: string): string {
  const T = sineTable();
  const msg = utf8Encode(text);
  const total = (((msg.length + 8) >> 6) + 1) << 6;
  const buf = new Uint8Array(total);
  buf.set(msg);
  buf[msg.length] = 0x80;
  const bits = msg.length * 8;
  buf[total - 8] = bits;
  buf[total - 7] = bits >>> 8;
  buf[total - 6] = bits >>> 16;
  buf[total - 5] = bits >>> 24;
  const hi = Math.floor(bits / 0x100000000);
  buf[total - 4] = hi;
  buf[total - 3] = hi >>> 8;
  buf[total - 2] = hi >>> 16;
  buf[total - 1] = hi >>> 24;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  const m = new Int32Array(16);
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const p = off + i * 4;
      m[i] = buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const s = S[((i >> 4) << 2) | (i & 3)]!;
      const x = (a + f + T[i]! + m[g]!) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(16);
  const words = [a0, b0, c0, d0];
  for (let i = 0; i < 4; i++) {
    const w = words[i]!;
    out[i * 4] = w;
    out[i * 4 + 1] = w >>> 8;
    out[i * 4 + 2] = w >>> 16;
    out[i * 4 + 3] = w >>> 24;
  }
  return toHex(out);
}
