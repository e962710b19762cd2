// AccessToken2 signing: k1 = HMAC(u32le(issueTs), certificate), k2 = HMAC(u32le(salt), k1),
// signature = HMAC(k2, signing_info). k1 depends only on the certificate and the issue second, so the
// last few are kept in a tiny cache: a busy issuer signs many tokens per second with the same k1.
// The HMAC is the `#crypto` seam: node:crypto on Node, the library's own SHA-256 elsewhere.
import { hmacSha256Into } from '#crypto';

const K1_CACHE_SIZE = 8;

interface K1Entry {
  certificate: string;
  issueTs: number;
  readonly k1: Uint8Array;
}

// A ring of preallocated entries: a miss overwrites the oldest in place, so a busy issuer whose issue
// second changes allocates nothing here.
const k1Cache: K1Entry[] = [];
let k1Next = 0;
const U32 = /* @__PURE__ */ new Uint8Array(4);
const K2 = /* @__PURE__ */ new Uint8Array(32);

function u32le(v: number): Uint8Array {
  U32[0] = v;
  U32[1] = v >>> 8;
  U32[2] = v >>> 16;
  U32[3] = v >>> 24;
  return U32;
}

// The last certificate's ASCII bytes (a certificate is validated as 32 hex characters before it gets here).
let certText = '';
let certBytes = /* @__PURE__ */ new Uint8Array(0);

function ascii(s: string): Uint8Array {
  if (s !== certText) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    certText = s;
    certBytes = out;
  }
  return certBytes;
}

let k1Last: K1Entry | undefined;

function k1For(appCertificate: string, issueTs: number): Uint8Array {
  const last = k1Last;
  if (last !== undefined && last.issueTs === issueTs && last.certificate === appCertificate) return last.k1;
  for (let i = 0; i < k1Cache.length; i++) {
    const e = k1Cache[i]!;
    if (e.issueTs === issueTs && e.certificate === appCertificate) {
      k1Last = e;
      return e.k1;
    }
  }
  let entry = k1Cache[k1Next];
  if (entry === undefined) {
    entry = { certificate: '', issueTs: 0, k1: new Uint8Array(32) };
    k1Cache.push(entry);
  }
  k1Next = (k1Next + 1) % K1_CACHE_SIZE;
  const cert = ascii(appCertificate);
  hmacSha256Into(u32le(issueTs), cert, 0, cert.length, entry.k1, 0);
  entry.certificate = appCertificate;
  entry.issueTs = issueTs;
  k1Last = entry;
  return entry.k1;
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
  const k1 = k1For(appCertificate, issueTs);
  hmacSha256Into(u32le(salt), k1, 0, 32, K2, 0);
  hmacSha256Into(K2, data, start, end, out, outOff);
}
