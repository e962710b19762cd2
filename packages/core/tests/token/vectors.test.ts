// Every published vector: build from inputs -> exact payload and signature; every variant string
// decodes to the inputs and verifies with the certificate only; stored variants match byte for byte.
import { describe, expect, it } from 'vitest';
import { decodeToken, verifyToken } from '../../src/index.js';
import { AccessToken, RtcTokenBuilder as LegacyRtc, RtmTokenBuilder as LegacyRtm } from '../../src/legacy.js';
import { base64Decode } from '../../src/token/encoding/base64.js';
import { zlibInflate } from '../../src/token/encoding/zlib.js';
import {
  buildFromVector,
  expectedServices,
  hex,
  OTHER_CERTIFICATE,
  vectors006,
  vectors007,
} from './helpers/vectors.js';

function inflateToken(token: string): Uint8Array {
  return zlibInflate(base64Decode(token.slice(3)));
}

describe('published 007 vectors', () => {
  it('the fixture holds the vectors this suite expects', () => {
    expect(vectors007.length).toBeGreaterThanOrEqual(19);
    expect(vectors006.length).toBe(5);
  });

  for (const v of vectors007) {
    describe(v.id, () => {
      const cert = v.inputs.app_certificate;
      if (cert) {
        it('builds exactly decompressed_hex, with signature_hex inside', () => {
          const payload = inflateToken(buildFromVector(v));
          expect(hex(payload)).toBe(v.decompressed_hex);
          expect(hex(payload.subarray(2, 34))).toBe(v.signature_hex);
        });

        it('equals the published stored-block variant where there is one', () => {
          const stored = v.expected_variants.filter((x) => x.compressor.some((c) => c.startsWith('stored')));
          const built = buildFromVector(v);
          for (const s of stored) expect(built).toBe(s.token);
          // Our stream is one stored block: zlib header 78 9c, then BFINAL=1/BTYPE=00.
          expect(built.startsWith('007eJwB')).toBe(true);
        });
      }

      for (const [i, variant] of v.expected_variants.entries()) {
        it(`variant ${i} (${variant.compressor[0]}) decodes to the inputs`, () => {
          expect(hex(inflateToken(variant.token))).toBe(v.decompressed_hex);
          const d = decodeToken(variant.token);
          expect(d).toEqual({
            version: '007',
            appId: v.inputs.app_id,
            issueTs: v.inputs.issue_ts,
            expire: v.inputs.expire,
            salt: v.inputs.salt,
            signature: v.signature_hex,
            services: expectedServices(v),
          });
        });

        if (cert) {
          it(`variant ${i} verifies with the certificate and not with another`, () => {
            expect(verifyToken(variant.token, cert)).toBe(true);
            expect(verifyToken(variant.token, OTHER_CERTIFICATE)).toBe(false);
            expect(
              verifyToken(
                variant.token,
                cert.toLowerCase() === cert ? cert.toUpperCase() : cert.toLowerCase(),
              ),
            ).toBe(false);
          });
        }
      }
    });
  }
});

describe('published 006 vectors', () => {
  for (const v of vectors006) {
    const i = v.inputs;
    const channel = i.channel_name ?? i.account!;
    const uid = i.account !== undefined ? '' : i.uid!;

    it(`${v.id}: AccessToken builds exactly the published string`, () => {
      const key = new AccessToken(i.app_id, i.app_certificate, channel, uid, { salt: i.salt, ts: i.ts });
      for (const [p, e] of Object.entries(i.privileges)) key.addPriviledge(Number(p), e);
      expect(key.build()).toBe(v.expected);
    });

    it(`${v.id}: decodes to the published fields`, () => {
      expect(decodeToken(v.expected)).toEqual({
        version: '006',
        appId: v.decoded.app_id,
        signature: v.decoded.signature_hex,
        crcChannelName: v.decoded.crc_channel,
        crcUid: v.decoded.crc_uid,
        salt: v.decoded.salt,
        ts: v.decoded.ts,
        privileges: v.decoded.privileges,
      });
    });

    it(`${v.id}: verifies with certificate + channel + uid only`, () => {
      expect(verifyToken(v.expected, i.app_certificate, { channelName: channel, uid })).toBe(true);
      expect(verifyToken(v.expected, OTHER_CERTIFICATE, { channelName: channel, uid })).toBe(false);
      expect(verifyToken(v.expected, i.app_certificate, { channelName: `${channel}x`, uid })).toBe(false);
      expect(verifyToken(v.expected, i.app_certificate, { channelName: channel, uid: '42' })).toBe(false);
    });
  }

  it('006 builders reproduce the RTC publisher and RTM vectors', () => {
    const pub = vectors006.find((v) => v.id === '006-rtc-publisher')!.inputs;
    expect(
      LegacyRtc.buildTokenWithUid(
        pub.app_id,
        pub.app_certificate,
        pub.channel_name!,
        pub.uid as number,
        1,
        pub.privilegeExpiredTs!,
        {
          salt: pub.salt,
          ts: pub.ts,
        },
      ),
    ).toBe(vectors006.find((v) => v.id === '006-rtc-publisher')!.expected);
    const rtm = vectors006.find((v) => v.id === '006-rtm-legacy')!;
    const r = rtm.inputs;
    expect(
      LegacyRtm.buildToken(r.app_id, r.app_certificate, r.account!, 1, r.privilegeExpiredTs!, {
        salt: r.salt,
        ts: r.ts,
      }),
    ).toBe(rtm.expected);
  });
});
