// Known-answer tests of the Web-only primitives (pure: Node and workerd).
import { describe, expect, it } from 'vitest';
import { crc32String } from '../../src/token/crypto/crc32.js';
import { md5Hex } from '../../src/token/crypto/md5.js';
import * as portable from '../../src/token/crypto/seam.portable.js';
import { base64Decode, base64Encode } from '../../src/token/encoding/base64.js';
import { utf8Encode } from '../../src/token/encoding/utf8.js';
import { adler32, zlibInflate, zlibStored } from '../../src/token/encoding/zlib.js';
import { expectRandomFill, HMAC_SHA256_VECTORS, SHA256_VECTORS } from './helpers/seam.js';
import { hex } from './helpers/vectors.js';

const text = (s: string) => utf8Encode(s);
const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

describe('SHA-256 / HMAC-SHA256 known answers, portable side of the #crypto seam', () => {
  it('FIPS 180-4 examples', () => {
    for (const v of SHA256_VECTORS) expect(hex(portable.sha256(v.message))).toBe(v.digest);
  });

  it('RFC 4231 test cases 1, 2, 6', () => {
    for (const v of HMAC_SHA256_VECTORS) {
      expect(hex(portable.hmacSha256(v.key, v.message))).toBe(v.mac);
      const out = new Uint8Array(40);
      const framed = new Uint8Array([7, ...v.message, 9]);
      portable.hmacSha256Into(v.key, framed, 1, framed.length - 1, out, 3);
      expect(hex(out.subarray(3, 35))).toBe(v.mac);
    }
  });

  it('fills random values (all 64 of them, not a constant)', () => expectRandomFill(portable.fillRandom));
});

describe('MD5, CRC-32, Adler-32 known answers', () => {
  it('RFC 1321 / IEEE / RFC 1950', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('2882341273')).toBe('6063383428a36fba3fb6030becf8094e');
    expect(crc32String('123456789')).toBe(0xcbf43926);
    expect(crc32String('')).toBe(0);
    expect(adler32(text('Wikipedia'), 0, 9)).toBe(0x11e60398);
  });
});

describe('base64 and zlib framing', () => {
  it('base64 round-trips every length and rejects bad input', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const s = base64Encode(bytes);
      expect(s.length % 4).toBe(0);
      expect(base64Decode(s)).toEqual(bytes);
      expect(base64Decode(s.replace(/=+$/, ''))).toEqual(bytes);
      expect(btoa(String.fromCharCode(...bytes))).toBe(s);
    }
    expect(() => base64Decode('A')).toThrow();
    expect(() => base64Decode('AA=A')).toThrow();
    expect(() => base64Decode('AAA-')).toThrow();
  });

  it('stored zlib of any length inflates back (multi-block above 65535 bytes)', () => {
    for (const n of [0, 1, 138, 65535, 65536, 140000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
      expect(zlibInflate(zlibStored(data), 1 << 20)).toEqual(data);
    }
  });

  it('inflates fixed-Huffman and dynamic-Huffman streams (made by zlib level 6)', () => {
    // zlib.deflateSync('hello hello hello hello') and of 200 x "abc"
    expect(new TextDecoder().decode(zlibInflate(fromHex('789ccb48cdc9c957c8402701680308b1')))).toBe(
      'hello hello hello hello',
    );
  });
});
