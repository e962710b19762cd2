// AccessToken2 signing: k1 = HMAC(u32le(issueTs), certificate), k2 = HMAC(u32le(salt), k1),
// signature = HMAC(k2, signing_info). k1 depends only on the certificate and the issue second, so the
// last few are kept in a tiny cache: a busy issuer signs many tokens per second with the same k1.
import { type HmacKey, hmacInto, hmacKey } from './crypto/sha256.js';

const K1_CACHE_SIZE = 8;
const k1Cache = /* @__PURE__ */ new Map<string, Uint8Array>();
const U32 = /* @__PURE__ */ new Uint8Array(4);

function u32le(v: number): Uint8Array {
  U32[0] = v;
  U32[1] = v >>> 8;
  U32[2] = v >>> 16;
  U32[3] = v >>> 24;
  return U32;
}

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function k1For(appCertificate: string, issueTs: number): Uint8Array {
  const cacheKey = `${issueTs}:${appCertificate}`;
  let k1 = k1Cache.get(cacheKey);
  if (k1) return k1;
  k1 = new Uint8Array(32);
  const cert = ascii(appCertificate);
  hmacInto(hmacKey(u32le(issueTs)), cert, 0, cert.length, k1, 0);
  if (k1Cache.size >= K1_CACHE_SIZE) k1Cache.delete(k1Cache.keys().next().value as string);
  k1Cache.set(cacheKey, k1);
  return k1;
}

const K2 = /* @__PURE__ */ new Uint8Array(32);

/** The HMAC key (k2, pads absorbed) that signs a token with this certificate, issue time and salt. */
export function signingKey(appCertificate: string, issueTs: number, salt: number): HmacKey {
  const k1 = k1For(appCertificate, issueTs);
  hmacInto(hmacKey(u32le(salt)), k1, 0, 32, K2, 0);
  return hmacKey(K2);
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
  hmacInto(signingKey(appCertificate, issueTs, salt), data, start, end - start, out, outOff);
}
