// Whatever a token string holds, decodeToken and verifyToken either succeed or throw TokenFormatError
// with a stable code; never a RangeError, TypeError or crash. Unknown service types are kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccessToken2,
  DEMO_CREDENTIALS,
  decodeToken,
  RtcTokenBuilder,
  Service,
  ServiceRtm,
  TokenFormatError,
  verifyToken,
} from '../../src/index.js';
import { base64Encode } from '../../src/token/encoding/base64.js';
import type { ByteWriter } from '../../src/token/encoding/bytes.js';
import { zlibStored } from '../../src/token/encoding/zlib.js';

const CODES = new Set([
  'ERR_TOKEN_NOT_STRING',
  'ERR_TOKEN_VERSION',
  'ERR_TOKEN_BASE64',
  'ERR_TOKEN_ZLIB',
  'ERR_TOKEN_TOO_LARGE',
  'ERR_TOKEN_TRUNCATED',
  'ERR_TOKEN_TRAILING_BYTES',
  'ERR_TOKEN_APP_ID',
  // not ERR_TOKEN_MALFORMED: that is the safety net for an internal error, which would be a bug here
]);

/** Runs fn; passes if it returns, or throws a TokenFormatError with a known code. */
function onlyFormatErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof TokenFormatError)) throw e;
    expect(CODES.has(e.code)).toBe(true);
    expect(e.message).not.toMatch(/^007|^006/);
  }
}

function decodeAndVerify(token: string): void {
  onlyFormatErrors(() => decodeToken(token));
  onlyFormatErrors(() => verifyToken(token, DEMO_CREDENTIALS.appCertificate, { channelName: 'c', uid: 1 }));
}

const valid = RtcTokenBuilder.buildTokenWithUid(
  DEMO_CREDENTIALS.appId,
  DEMO_CREDENTIALS.appCertificate,
  'channel',
  42,
  1,
  600,
  600,
  { issueTs: 1_700_000_000, salt: 7 },
);

describe('malformed tokens (property)', () => {
  it('random strings, with or without a version prefix', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '007', '006', '006970CA35de60c44645bbae8a215061b33'),
        fc.string({ unit: 'binary' }),
        (p, s) => decodeAndVerify(p + s),
      ),
      { numRuns: 1000 },
    );
  });

  it('random bytes behind "007" (base64, raw and zlib-wrapped) and behind "006" + App ID', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, wrap) => {
        const body = base64Encode(wrap ? zlibStored(bytes) : bytes);
        decodeAndVerify(`007${body}`);
        decodeAndVerify(`006${DEMO_CREDENTIALS.appId}${body}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('every truncation and random byte flip of a valid token', () => {
    for (let i = 0; i <= valid.length; i++) decodeAndVerify(valid.slice(0, i));
    const raw = Uint8Array.from(atob(valid.slice(3)), (c) => c.charCodeAt(0));
    fc.assert(
      fc.property(fc.nat({ max: raw.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const copy = raw.slice();
        copy[at]! ^= x;
        const t = `007${base64Encode(copy)}`;
        onlyFormatErrors(() => {
          // A flipped payload byte breaks the Adler-32, most others the framing; only bits zlib
          // ignores (the padding bits after a stored block's header) may change and still decode.
          expect(decodeToken(t)).toEqual(decodeToken(valid));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('non-strings and oversize input throw TokenFormatError too', () => {
    for (const bad of [undefined, null, 7, {}, []]) {
      expect(() => decodeToken(bad as never)).toThrow(TokenFormatError);
    }
    try {
      decodeToken(`007${'A'.repeat(70000)}`);
    } catch (e) {
      expect((e as TokenFormatError).code).toBe('ERR_TOKEN_TOO_LARGE');
    }
    expect(() => decodeToken('008abc')).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_VERSION' }));
    expect(() => decodeToken('007***')).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_BASE64' }));
    expect(() => decodeToken('006zz')).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_TRUNCATED' }));
  });
});

class ServiceFromTheFuture extends Service {
  readonly type = 42;
  protected override packFields(w: ByteWriter): void {
    w.str('future').u32(0xdeadbeef);
  }
}

describe('unknown service types', () => {
  it('are kept (parsing stops there), and the token still verifies', () => {
    const token = new AccessToken2(DEMO_CREDENTIALS.appId, DEMO_CREDENTIALS.appCertificate, 600, {
      issueTs: 1,
      salt: 2,
    })
      .addService(new ServiceFromTheFuture().addPrivilege(1, 5))
      .addService(new ServiceRtm('u').addPrivilege(1, 600))
      .build();
    const d = decodeToken(token);
    if (d.version !== '007') throw new Error('expected 007');
    expect(d.services).toEqual([
      { type: 2, name: 'rtm', privileges: { 1: 600 }, userId: 'u' },
      { type: 42, name: 'unknown', privileges: {}, data: `01000100050000000600667574757265efbeadde` },
    ]);
    expect(verifyToken(token, DEMO_CREDENTIALS.appCertificate)).toBe(true);
    expect(verifyToken(token, '0'.repeat(32))).toBe(false);
  });
});
