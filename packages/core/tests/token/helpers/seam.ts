// What both sides of the #crypto seam are held to: known answers for SHA-256 (FIPS 180-4 examples) and
// HMAC-SHA256 (RFC 4231 test cases 1, 2 and 6), and a check of their random values.
import { expect } from 'vitest';

const text = (s: string) => new TextEncoder().encode(s);

export const SHA256_VECTORS: { message: Uint8Array; digest: string }[] = [
  { message: text(''), digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { message: text('abc'), digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  {
    message: text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    digest: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  },
  {
    message: new Uint8Array(1000).fill(0x61),
    digest: '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
  },
];

export const HMAC_SHA256_VECTORS: { key: Uint8Array; message: Uint8Array; mac: string }[] = [
  {
    key: new Uint8Array(20).fill(0x0b),
    message: text('Hi There'),
    mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    key: text('Jefe'),
    message: text('what do ya want for nothing?'),
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    key: new Uint8Array(131).fill(0xaa),
    message: text('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
];

/** Two fills of 64 values differ, and one holds (almost surely) 64 different values. */
export function expectRandomFill(fill: (array: Uint32Array<ArrayBuffer>) => void): void {
  const a = new Uint32Array(64);
  const b = new Uint32Array(64);
  fill(a);
  fill(b);
  expect(a.some((v, i) => v !== b[i])).toBe(true);
  expect(new Set(a).size).toBeGreaterThan(60);
}
