// The hand-written primitives against Node's own (node:crypto, node:zlib) on random inputs.
import { createHash, createHmac } from 'node:crypto';
import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/token/crypto/crc32.js';
import { md5Hex } from '../../../src/token/crypto/md5.js';
import * as seam from '../../../src/token/crypto/seam.node.js';
import { hmacSha256, sha256 } from '../../../src/token/crypto/sha256.js';
import { base64Decode, base64Encode } from '../../../src/token/encoding/base64.js';
import { utf8Encode } from '../../../src/token/encoding/utf8.js';
import { zlibInflate, zlibStored } from '../../../src/token/encoding/zlib.js';
import { TokenFormatError } from '../../../src/token/errors.js';
import { expectRandomFill, HMAC_SHA256_VECTORS, SHA256_VECTORS } from '../helpers/seam.js';

const { NATIVE_CALLS } = seam;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('SHA-256 and HMAC-SHA256 vs node:crypto', () => {
  it('random messages of every length class and random keys (incl. > 64 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (msg, key) => {
        expect(hex(sha256(msg))).toBe(createHash('sha256').update(msg).digest('hex'));
        expect(hex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      }),
      { numRuns: 2000 },
    );
    for (let n = 0; n <= 200; n++) {
      const msg = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(hex(sha256(msg))).toBe(createHash('sha256').update(msg).digest('hex'));
    }
  });
});

describe('the Node side of the #crypto seam', () => {
  // This file signs and hashes nothing else through the seam, so its first NATIVE_CALLS HMACs and its
  // first NATIVE_CALLS digests here are node:crypto's, and the rest the portable code's.
  it('meets the known answers and node:crypto, before and after the portable code takes over', () => {
    for (let round = 0; round < NATIVE_CALLS * 2; round++) {
      for (const v of SHA256_VECTORS) expect(hex(seam.sha256(v.message))).toBe(v.digest);
      for (const v of HMAC_SHA256_VECTORS) expect(hex(seam.hmacSha256(v.key, v.message))).toBe(v.mac);
    }
    const out = new Uint8Array(40);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        const start = data.length >> 2;
        const end = data.length - (data.length >> 3);
        seam.hmacSha256Into(key, data, start, end, out, 5);
        const expected = createHmac('sha256', key).update(data.subarray(start, end)).digest('hex');
        expect(hex(out.subarray(5, 37))).toBe(expected);
        expect(hex(seam.sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: NATIVE_CALLS * 4 },
    );
  });

  it("a native digest is a plain 32-byte array of its own, not a view into node's buffer pool", () => {
    const d = seam.nativeSha256(new Uint8Array([1, 2, 3]));
    expect(d).toBeInstanceOf(Uint8Array);
    expect(d.byteLength).toBe(32);
    expect(d.buffer.byteLength).toBe(32);
  });

  it('fills random values', () => expectRandomFill(seam.fillRandom));
});

describe('MD5, CRC-32, UTF-8, base64 vs Node', () => {
  it('agree on random input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.uint8Array({ maxLength: 200 }),
        (s, bytes) => {
          expect(md5Hex(s)).toBe(createHash('md5').update(s, 'utf8').digest('hex'));
          expect(hex(utf8Encode(s))).toBe(Buffer.from(s, 'utf8').toString('hex'));
          expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
          expect(hex(base64Decode(Buffer.from(bytes).toString('base64')))).toBe(hex(bytes));
          // CRC-32 is the one zlib uses in gzip trailers: compare through a gzip-free route.
          expect(crc32(bytes)).toBe(crc32Reference(bytes));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

function crc32Reference(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('inflate vs node:zlib', () => {
  const strategies = [
    constants.Z_DEFAULT_STRATEGY,
    constants.Z_FILTERED,
    constants.Z_HUFFMAN_ONLY,
    constants.Z_RLE,
    constants.Z_FIXED,
  ];
  const data = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.array(fc.constantFrom(97, 98, 99, 32), { maxLength: 5000 }).map((a) => Uint8Array.from(a)),
    fc.string({ maxLength: 300 }).map((s) => utf8Encode(s.repeat(5))),
  );

  it('inflates what zlib deflates, at every level and strategy', () => {
    fc.assert(
      fc.property(
        data,
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(...strategies),
        (bytes, level, strategy) => {
          const z = deflateSync(bytes, { level, strategy });
          expect(hex(zlibInflate(z))).toBe(hex(bytes));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('node:zlib inflates our stored streams', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expect(hex(inflateSync(zlibStored(bytes)))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what node:zlib rejects, only with TokenFormatError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        const candidates = [
          bytes,
          Uint8Array.from([0x78, 0x9c, ...bytes]),
          Uint8Array.from([0x78, 0x9c, ...deflateRawSync(bytes).subarray(0, Math.max(0, bytes.length % 40))]),
        ];
        for (const c of candidates) {
          let nodeOk = true;
          let nodeOut: Buffer | undefined;
          try {
            nodeOut = inflateSync(c, { finishFlush: constants.Z_SYNC_FLUSH });
            // Node tolerates a missing or partial stream end with SYNC_FLUSH; require a full stream.
            inflateSync(c);
          } catch {
            nodeOk = false;
          }
          try {
            const ours = zlibInflate(c);
            expect(nodeOk).toBe(true);
            expect(hex(ours)).toBe(hex(nodeOut!));
          } catch (e) {
            if (!(e instanceof TokenFormatError)) throw e;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
