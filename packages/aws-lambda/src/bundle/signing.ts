// Bundle-only stand-in for core's src/token/signing.ts (see build.mjs): the same signInto, with Node's
// native HMAC-SHA256 instead of core's portable one. Core's is faster once the JIT has compiled it (and
// caches k1), but a Lambda cold start signs one token with it uncompiled: about 5 ms, against well under
// one for node:crypto. tests/bundle-signing.test.ts checks both give the same bytes.
//   k1 = HMAC(key = u32le(issueTs), appCertificate)
//   k2 = HMAC(key = u32le(salt), k1)
//   signature = HMAC(key = k2, signing info)
import { createHmac } from 'node:crypto';

function u32le(v: number): Uint8Array {
  return Uint8Array.of(v, v >>> 8, v >>> 16, v >>> 24);
}

/** Writes the 32-byte signature of `data[start..end)` into `out` at `outOff`. */
export function signInto(
  appCertificate: string,
  issueTs: number,
  salt: number,
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): void {
  // The certificate was validated as 32 hex characters: one byte per character.
  const k1 = createHmac('sha256', u32le(issueTs)).update(appCertificate, 'latin1').digest();
  const k2 = createHmac('sha256', u32le(salt)).update(k1).digest();
  out.set(createHmac('sha256', k2).update(data.subarray(start, end)).digest(), outOff);
}
