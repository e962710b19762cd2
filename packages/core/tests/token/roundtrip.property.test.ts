// decode(build(x)) gives x back, for every service type and mixes of them; verify agrees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessToken2, decodeToken, ServiceFpa, ServiceRtm, verifyToken } from '../../src/index.js';
import { AccessToken, RtcTokenBuilder as LegacyRtc } from '../../src/legacy.js';
import { crc32String } from '../../src/token/crypto/crc32.js';
import {
  channelName,
  expire,
  hex32,
  issueTs,
  privileges,
  salt,
  serviceCase,
  uid,
  userAccount,
} from './helpers/arbitraries.js';
import { OTHER_CERTIFICATE } from './helpers/vectors.js';

describe('007 round trip (property)', () => {
  it('decodeToken(build(x)) = x for 1..6 random services of any type, and the token verifies', () => {
    fc.assert(
      fc.property(
        hex32,
        hex32,
        fc.integer({ min: 0, max: 86400 }),
        issueTs,
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.array(serviceCase, { minLength: 1, maxLength: 6 }),
        (appId, cert, exp, ts, s, cases) => {
          const token = new AccessToken2(appId, cert, exp, { issueTs: ts, salt: s });
          for (const c of cases) token.addService(c.service);
          const built = token.build();
          const d = decodeToken(built);
          const expectedOrder = cases
            .map((c, i) => ({ c, i }))
            .sort((a, b) => a.c.service.type - b.c.service.type || a.i - b.i)
            .map(({ c }) => c.expected);
          expect(d).toEqual({
            version: '007',
            appId,
            issueTs: ts,
            expire: exp,
            salt: s,
            signature: expect.stringMatching(/^[0-9a-f]{64}$/),
            services: expectedOrder,
          });
          expect(verifyToken(built, cert)).toBe(true);
          expect(verifyToken(built, cert === OTHER_CERTIFICATE ? 'f'.repeat(32) : OTHER_CERTIFICATE)).toBe(
            false,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('strings', () => {
  it('keep a leading U+FEFF (not taken for a byte-order mark), NUL and astral characters', () => {
    for (const userId of ['\uFEFFé', '\uFEFF', 'a\u0000b', '😀x', '\uFEFF😀']) {
      const t = new AccessToken2('970CA35de60c44645bbae8a215061b33', '5CFd2fd1755d40ecb72977518be15d3b', 60)
        .addService(new ServiceRtm(userId))
        .build();
      const d = decodeToken(t);
      if (d.version !== '007') throw new Error('expected 007');
      expect(d.services[0]).toMatchObject({ userId });
    }
  });
});

describe('006 round trip (property)', () => {
  it('decodeToken(build(x)) gives salt, ts, privileges and the CRCs; verify needs the right channel and uid', () => {
    fc.assert(
      fc.property(
        hex32,
        hex32,
        channelName,
        fc.oneof(uid, userAccount),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        privileges,
        (appId, cert, ch, u, s, ts, p) => {
          const key = new AccessToken(appId, cert, ch, u, { salt: s, ts });
          for (const [k, v] of Object.entries(p)) key.addPrivilege(Number(k), v);
          const token = key.build();
          const packedUid = u === 0 ? '' : String(u);
          const numeric: Record<number, number> = {};
          for (const [k, v] of Object.entries(p)) numeric[Number(k)] = v;
          expect(decodeToken(token)).toEqual({
            version: '006',
            appId,
            signature: expect.stringMatching(/^[0-9a-f]{64}$/),
            crcChannelName: crc32String(ch),
            crcUid: crc32String(packedUid),
            salt: s,
            ts,
            privileges: numeric,
          });
          expect(verifyToken(token, cert, { channelName: ch, uid: u })).toBe(true);
          expect(verifyToken(token, cert, { channelName: `${ch}_`, uid: u })).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('legacy builders: publisher roles get 1-4, subscriber only 1', () => {
    fc.assert(
      fc.property(hex32, hex32, channelName, uid, expire, (appId, cert, ch, u, e) => {
        const at = 1_800_000_000 + e;
        for (const role of [0, 1, 2, 101]) {
          const d = decodeToken(LegacyRtc.buildTokenWithUid(appId, cert, ch, u, role, at));
          if (d.version !== '006') throw new Error('expected 006');
          expect(d.privileges).toEqual(role === 2 ? { 1: at } : { 1: at, 2: at, 3: at, 4: at });
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('privilege maps', () => {
  it('pack in ascending id whatever the insertion order', () => {
    fc.assert(
      fc.property(privileges, salt, (p, s) => {
        const entries = Object.entries(p).reverse();
        const token = new AccessToken2(
          '970CA35de60c44645bbae8a215061b33',
          '5CFd2fd1755d40ecb72977518be15d3b',
          60,
          { salt: s },
        );
        const svc = new ServiceFpa();
        for (const [k, v] of entries) svc.addPrivilege(Number(k), v);
        token.addService(svc);
        const d = decodeToken(token.build());
        if (d.version !== '007') throw new Error('expected 007');
        const ids = Object.keys(d.services[0]!.privileges).map(Number);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }),
      { numRuns: 50 },
    );
  });
});
