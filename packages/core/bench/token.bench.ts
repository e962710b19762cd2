// Tokens per second, @tokenfn/core vs agora-token 2.0.6, in one process with alternating rounds (the
// machine is shared and noisy: ratios measured side by side are what counts). Run: `pnpm bench token`.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import {
  DEMO_CREDENTIALS,
  decodeToken,
  RtcTokenBuilder,
  RtmTokenBuilder,
  verifyToken,
} from '../src/index.js';
import { nativeHmacSha256Into, nativeSha256 } from '../src/token/crypto/seam.node.js';
import { hmacSha256Into as portableHmacSha256Into } from '../src/token/crypto/seam.portable.js';
import { hmacSha256, sha256 } from '../src/token/crypto/sha256.js';
import { base64Decode } from '../src/token/encoding/base64.js';
import { zlibInflate } from '../src/token/encoding/zlib.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS baseline
const agora: any = require('agora-token');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS baseline
const { AccessToken2: AgoraAccessToken2 }: any = require('agora-token/src/AccessToken2.js');

const { appId, appCertificate } = DEMO_CREDENTIALS;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 100);
let sink = 0;

/** Operations per second of `fn` over about `ms` milliseconds. */
function opsPerSecond(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 64; i++) {
      const r = fn();
      sink ^= typeof r === 'string' ? r.length : r ? 1 : 0;
    }
    n += 64;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const rows: string[][] = [];

function compare(name: string, baselineName: string, baseline: () => unknown, ours: () => unknown): number {
  // warm up both sides (JIT tiers) before anything is counted
  for (let i = 0; i < 3; i++) {
    opsPerSecond(baseline, 100);
    opsPerSecond(ours, 100);
  }
  const b: number[] = [];
  const o: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // alternate which side goes first, so drift in machine load hits both alike
    if (r % 2 === 0) {
      b.push(opsPerSecond(baseline, ROUND_MS));
      o.push(opsPerSecond(ours, ROUND_MS));
    } else {
      o.push(opsPerSecond(ours, ROUND_MS));
      b.push(opsPerSecond(baseline, ROUND_MS));
    }
    ratios.push(o[r]! / b[r]!);
  }
  // the median of per-round ratios: each pair ran back to back, under the same machine load
  const ratio = median(ratios);
  rows.push([name, baselineName, fmt(median(b)), fmt(median(o)), `${ratio.toFixed(1)}x`]);
  return ratio;
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

const channel = '7d72365eb983485397e3e3f9d460bdda';

// Building: both sides on their defaults (issue time now, random salt), publisher role.
const rtcRatio = compare(
  'RtcTokenBuilder.buildTokenWithUid (publisher)',
  'agora-token',
  () => agora.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, 2882341273, 1, 3600, 3600),
  () => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, 2882341273, 1, 3600, 3600),
);
let ts = 1_700_000_000;
compare(
  '  same, issue time changing every call (k1 cache miss)',
  'agora-token',
  () => agora.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, 2882341273, 1, 3600, 3600),
  () =>
    RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, 2882341273, 1, 3600, 3600, {
      issueTs: ts++,
    }),
);
const rtmRatio = compare(
  'RtmTokenBuilder.buildToken',
  'agora-token',
  () => agora.RtmTokenBuilder.buildToken(appId, appCertificate, 'test_user', 3600),
  () => RtmTokenBuilder.buildToken(appId, appCertificate, 'test_user', 3600),
);

// Decoding: the same agora-made (deflated) token on both sides, then our stored-block token.
const agoraToken: string = agora.RtcTokenBuilder.buildTokenWithUid(
  appId,
  appCertificate,
  channel,
  2882341273,
  1,
  3600,
  3600,
);
const ourToken = RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, channel, 2882341273, 1, 3600, 3600);
const decodeRatio = compare(
  'decode (agora-made token)',
  'agora-token',
  () => new AgoraAccessToken2().from_string(agoraToken),
  () => decodeToken(agoraToken),
);
compare(
  'decode (tokenfn-made token)',
  'agora-token',
  () => new AgoraAccessToken2().from_string(ourToken),
  () => decodeToken(ourToken),
);
compare(
  'decode + verify signature',
  'agora-token',
  () => {
    const t = new AgoraAccessToken2();
    return t.from_string(agoraToken) && t.verifySignature(appCertificate);
  },
  () => verifyToken(agoraToken, appCertificate),
);

// Building blocks, for the choices made in the README.
const key32 = new Uint8Array(32).fill(7);
const msg = new Uint8Array(140).fill(9);
compare(
  'HMAC-SHA256 (32-byte key, 140-byte message)',
  '@noble/hashes',
  () => nobleHmac(nobleSha256, key32, msg),
  () => hmacSha256(key32, msg),
);
compare(
  '  same',
  'node:crypto createHmac',
  () => createHmac('sha256', key32).update(msg).digest(),
  () => hmacSha256(key32, msg),
);
// What signing a token does (src/token/signing.ts): k2 = HMAC(u32 salt, k1), then the signature with k2
// as the key, each written into a buffer. The Node #crypto seam moves from the first to the second after
// its first calls (src/token/crypto/seam.node.ts).
const salt4 = new Uint8Array(4).fill(3);
const into = new Uint8Array(32);
compare(
  '  signing: HMAC(4-byte key) + HMAC(32-byte key), into a buffer',
  'node:crypto createHmac',
  () => {
    nativeHmacSha256Into(salt4, key32, 0, 32, into, 0);
    nativeHmacSha256Into(into, msg, 0, msg.length, into, 0);
  },
  () => {
    portableHmacSha256Into(salt4, key32, 0, 32, into, 0);
    portableHmacSha256Into(into, msg, 0, msg.length, into, 0);
  },
);
// What the API key check hashes (a key of about 40 bytes); the Node seam's digests move over the same way.
const apiKey = new TextEncoder().encode('tfn_live_0123456789abcdef0123456789abcdef');
compare(
  'SHA-256 of a 41-byte API key',
  'node:crypto createHash',
  () => nativeSha256(apiKey),
  () => sha256(apiKey),
);
const zbytes = Buffer.from(agoraToken.slice(3), 'base64');
compare(
  'inflate the agora-made token',
  'node:zlib inflateSync',
  () => inflateSync(zbytes),
  () => zlibInflate(base64Decode(agoraToken, 3)),
);

const widths = [52, 22, 12, 12, 8];
const line = (cols: string[]) =>
  cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
console.log(
  `Node ${process.version}, ${ROUNDS} alternating rounds of ${ROUND_MS} ms; medians of ops/s and of per-round ratios`,
);
console.log(line(['case', 'baseline', 'baseline/s', 'tokenfn/s', 'ratio']));
for (const r of rows) console.log(line(r));
console.log(
  `\nbuild RTC: ${rtcRatio.toFixed(1)}x, build RTM: ${rtmRatio.toFixed(1)}x, decode: ${decodeRatio.toFixed(1)}x agora-token (target: >= 5x for building)`,
);
if (sink === 0.5) console.log(sink);
