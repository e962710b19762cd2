// The bundle's node:crypto signInto (src/bundle/signing.ts) against core's portable one, which the
// published vectors pin down: the same signature bytes for any certificate, issue time, salt and data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signInto as coreSignInto } from '../../core/src/token/signing';
import { signInto as nativeSignInto } from '../src/bundle/signing';

const hex32 = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const u32 = fc.integer({ min: 0, max: 0xffffffff });

function sign(
  impl: typeof coreSignInto,
  cert: string,
  ts: number,
  salt: number,
  data: Uint8Array,
  start: number,
  end: number,
) {
  const out = new Uint8Array(40).fill(0xaa);
  impl(cert, ts, salt, data, start, end, out, 5);
  return out;
}

describe("the bundle's signInto", () => {
  it('gives the same bytes as core for any input, written at the offset and nowhere else', () => {
    fc.assert(
      fc.property(
        hex32,
        u32,
        u32,
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (cert, ts, salt, data, a, b, upper) => {
          const start = data.length ? a % (data.length + 1) : 0;
          const end = start + (data.length - start ? b % (data.length - start + 1) : 0);
          const c = upper ? cert.toUpperCase() : cert;
          const expected = sign(coreSignInto, c, ts, salt, data, start, end);
          expect(sign(nativeSignInto, c, ts, salt, data, start, end)).toEqual(expected);
          expect(expected.subarray(0, 5).every((x) => x === 0xaa)).toBe(true);
          expect(expected.subarray(37).every((x) => x === 0xaa)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a different certificate, issue time, salt or byte gives a different signature', () => {
    const data = new TextEncoder().encode('signing info');
    const base = sign(
      nativeSignInto,
      '5CFd2fd1755d40ecb72977518be15d3b',
      1700000000,
      1,
      data,
      0,
      data.length,
    );
    expect(
      sign(nativeSignInto, '5CFd2fd1755d40ecb72977518be15d3c', 1700000000, 1, data, 0, data.length),
    ).not.toEqual(base);
    expect(
      sign(nativeSignInto, '5CFd2fd1755d40ecb72977518be15d3b', 1700000001, 1, data, 0, data.length),
    ).not.toEqual(base);
    expect(
      sign(nativeSignInto, '5CFd2fd1755d40ecb72977518be15d3b', 1700000000, 2, data, 0, data.length),
    ).not.toEqual(base);
    expect(
      sign(nativeSignInto, '5CFd2fd1755d40ecb72977518be15d3b', 1700000000, 1, data, 1, data.length),
    ).not.toEqual(base);
  });
});
