// Known-answer tests of the Web-only primitives (pure: Node and workerd).
import { describe, expect, it } from 'vitest';
import { crc32String } from '../../src/token/crypto/crc32.js';
import { md5Hex } from '../../src/token/crypto/md5.js';
import { hmacSha256, sha256 } from '../../src/token/crypto/sha256.js';
import { base64Decode, base64Encode } from '../../src/token/encoding/base64.js';
import { utf8Encode } from '../../src/token/encoding/utf8.js';
import { adler32, zlibInflate, zlibStored } from '../../src/token/encoding/zlib.js';
import { hex } from './helpers/vectors.js';

const text = (s: string) => utf8Encode(s);
const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

describe('SHA-256 / HMAC-SHA256 known answers', () => {
  it('FIPS 180-4 examples', () => {
    expect(hex(sha256(text('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex(sha256(new Uint8Array(1000).fill(0x61)))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
    );
  });

  it('RFC 4231 test cases 1, 2, 6', () => {
    expect(hex(hmacSha256(new Uint8Array(20).fill(0x0b), text('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hex(hmacSha256(text('Jefe'), text('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      hex(
        hmacSha256(
          new Uint8Array(131).fill(0xaa),
          text('Test Using Larger Than Block-Size Key - Hash Key First'),
        ),
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });
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
