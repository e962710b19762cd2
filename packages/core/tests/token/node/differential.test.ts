// Differential tests against the official Node builders (devDependencies): agora-token 2.0.6 (007) and
// agora-access-token 2.0.4 (006). Random valid inputs, the same issue time and salt on both sides
// (theirs pinned through Date and Math.random), identical payload bytes after inflating; and each
// side's tokens decode and verify on the other.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../../../src/index.js';
import * as oursLegacy from '../../../src/legacy.js';
import { encodeAccessToken2 } from '../../../src/token/access-token2.js';
import { payloadHex, withPinnedClockAndSalt } from '../helpers/agora-token.js';
import {
  channelName,
  expire,
  hex32,
  privilegeValue,
  salt,
  uid,
  userAccount,
} from '../helpers/arbitraries.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agora: any = require('agora-token');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agora2: any = require('agora-token/src/AccessToken2.js');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const legacy: any = require('agora-access-token');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const legacyAccessToken: any = require('agora-access-token/src/AccessToken.js');

const RUNS = 60;
const issueTs = fc.integer({ min: 1_000_000_000, max: 0xfffff000 });
const role = fc.constantFrom(1, 2);
/** Accounts that are also valid RTM user ids (buildTokenWithRtm uses the account for both). */
const rtmAccount = userAccount.filter((a) => a.length <= 64 && !a.startsWith(' '));
const rtmUser = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.@'.split('')), {
    minLength: 1,
    maxLength: 64,
  })
  .map((a) => a.join(''));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs an agora-token call with its clock at `ts` seconds and its salt forced to `s`. */
const theirs = withPinnedClockAndSalt;
const payload = payloadHex;

/** Same payload, and each verifies and decodes on the other side. */
function expectEquivalent(mine: string, other: string, cert: string): void {
  expect(other).not.toBe('');
  expect(payload(mine)).toBe(payload(other));
  expect(ours.verifyToken(other, cert)).toBe(true);
  expect(ours.decodeToken(other)).toEqual(ours.decodeToken(mine));
  const parsed = new agora2.AccessToken2();
  expect(parsed.from_string(mine)).toBe(true);
  expect(parsed.verifySignature(cert)).toBe(true);
}

describe('007 vs agora-token 2.0.6', () => {
  it('RtcTokenBuilder.buildTokenWithUid / buildTokenWithUserAccount', () => {
    fc.assert(
      fc.property(
        hex32,
        hex32,
        channelName,
        fc.oneof(uid, userAccount),
        role,
        expire,
        privilegeValue,
        issueTs,
        salt,
        (appId, cert, ch, user, r, e, p, ts, s) => {
          const opts = { issueTs: ts, salt: s };
          const method = typeof user === 'number' ? 'buildTokenWithUid' : 'buildTokenWithUserAccount';
          const mine = ours.RtcTokenBuilder[method](appId, cert, ch, user as never, r, e, p, opts);
          const other = theirs(ts, s, () => agora.RtcTokenBuilder[method](appId, cert, ch, user, r, e, p));
          expectEquivalent(mine, other, cert);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('buildTokenWithUidAndPrivilege / BuildTokenWithUserAccountAndPrivilege (+ camelCase alias)', () => {
    fc.assert(
      fc.property(
        hex32,
        hex32,
        channelName,
        fc.oneof(uid, userAccount),
        expire,
        fc.tuple(privilegeValue, privilegeValue, privilegeValue, privilegeValue),
        issueTs,
        salt,
        (appId, cert, ch, user, e, [j, a, v, d], ts, s) => {
          const opts = { issueTs: ts, salt: s };
          const other = theirs(ts, s, () =>
            typeof user === 'number'
              ? agora.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, ch, user, e, j, a, v, d)
              : agora.RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(
                  appId,
                  cert,
                  ch,
                  user,
                  e,
                  j,
                  a,
                  v,
                  d,
                ),
          );
          const mine =
            typeof user === 'number'
              ? ours.RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, ch, user, e, j, a, v, d, opts)
              : ours.RtcTokenBuilder.buildTokenWithUserAccountAndPrivilege(
                  appId,
                  cert,
                  ch,
                  user,
                  e,
                  j,
                  a,
                  v,
                  d,
                  opts,
                );
          expectEquivalent(mine, other, cert);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('buildTokenWithRtm and buildTokenWithRtm2', () => {
    fc.assert(
      fc.property(
        hex32,
        hex32,
        channelName,
        rtmAccount,
        fc.oneof(uid, userAccount),
        role,
        expire,
        fc.tuple(privilegeValue, privilegeValue, privilegeValue, privilegeValue, privilegeValue),
        rtmUser,
        issueTs,
        salt,
        (appId, cert, ch, account, rtcUser, r, e, [p, a, v, d, rtmE], rtmId, ts, s) => {
          const opts = { issueTs: ts, salt: s };
          expectEquivalent(
            ours.RtcTokenBuilder.buildTokenWithRtm(appId, cert, ch, account, r, e, p, opts),
            theirs(ts, s, () => agora.RtcTokenBuilder.buildTokenWithRtm(appId, cert, ch, account, r, e, p)),
            cert,
          );
          const args = [appId, cert, ch, rtcUser, r, e, p, a, v, d, rtmId, rtmE] as const;
          expectEquivalent(
            ours.RtcTokenBuilder.buildTokenWithRtm2(...args, opts),
            theirs(ts, s, () => agora.RtcTokenBuilder.buildTokenWithRtm2(...args)),
            cert,
          );
          expectEquivalent(
            ours.ConvoAITokenBuilder.buildToken(...args, opts),
            theirs(ts, s, () => agora.ConvoAITokenBuilder.buildToken(...args)),
            cert,
          );
          expectEquivalent(
            ours.SttTokenBuilder.buildToken(...args, opts),
            theirs(ts, s, () => agora.SttTokenBuilder.buildToken(...args)),
            cert,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('RtmTokenBuilder.buildToken / buildTokenWithPermissions, ChatTokenBuilder, FpaTokenBuilder', () => {
    const perms = fc.array(
      fc.record({
        rt: fc.integer({ min: 0, max: 4 }),
        pt: fc.integer({ min: 0, max: 1 }),
        resources: fc.array(rtmUser, { maxLength: 3 }),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(hex32, hex32, rtmUser, expire, perms, issueTs, salt, (appId, cert, user, e, ps, ts, s) => {
        const opts = { issueTs: ts, salt: s };
        expectEquivalent(
          ours.RtmTokenBuilder.buildToken(appId, cert, user, e, opts),
          theirs(ts, s, () => agora.RtmTokenBuilder.buildToken(appId, cert, user, e)),
          cert,
        );
        const mineP = new ours.Rtm2Permissions();
        const theirP = new agora.Rtm2Permissions();
        for (const x of ps) {
          mineP.add(x.rt, x.pt, x.resources);
          theirP.add(x.rt, x.pt, x.resources);
        }
        expectEquivalent(
          ours.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, user, mineP, e, opts),
          theirs(ts, s, () => agora.RtmTokenBuilder.buildTokenWithPermissions(appId, cert, user, theirP, e)),
          cert,
        );
        expectEquivalent(
          ours.ChatTokenBuilder.buildUserToken(appId, cert, user, e, opts),
          theirs(ts, s, () => agora.ChatTokenBuilder.buildUserToken(appId, cert, user, e)),
          cert,
        );
        expectEquivalent(
          ours.ChatTokenBuilder.buildAppToken(appId, cert, e, opts),
          theirs(ts, s, () => agora.ChatTokenBuilder.buildAppToken(appId, cert, e)),
          cert,
        );
        expectEquivalent(
          ours.FpaTokenBuilder.buildToken(appId, cert, opts),
          theirs(ts, s, () => agora.FpaTokenBuilder.buildToken(appId, cert)),
          cert,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('ApaasTokenBuilder / EducationTokenBuilder (room-user: agora-token plus the room-user privilege)', () => {
    const roleValue = fc.integer({ min: -32768, max: 32767 }).filter((r) => r !== 0);
    fc.assert(
      fc.property(
        hex32,
        hex32,
        rtmUser,
        rtmUser,
        roleValue,
        expire,
        issueTs,
        salt,
        (appId, cert, room, user, r, e, ts, s) => {
          const opts = { issueTs: ts, salt: s };
          for (const [mineB, theirB] of [
            [ours.ApaasTokenBuilder, agora.ApaasTokenBuilder],
            [ours.EducationTokenBuilder, agora.EducationTokenBuilder],
          ] as const) {
            expectEquivalent(
              mineB.buildUserToken(appId, cert, user, e, opts),
              theirs(ts, s, () => theirB.buildUserToken(appId, cert, user, e)),
              cert,
            );
            expectEquivalent(
              mineB.buildAppToken(appId, cert, e, opts),
              theirs(ts, s, () => theirB.buildAppToken(appId, cert, e)),
              cert,
            );
          }
          // agora-token 2.0.6 omits the room-user privilege the other official builders add: build the
          // reference with its own AccessToken2 classes, privilege included.
          const ref = new agora2.AccessToken2(appId, cert, ts, e);
          ref.salt = s;
          const apaas = new agora2.ServiceApaas(room, user, r);
          apaas.add_privilege(agora2.ServiceApaas.PRIVILEGE_ROOM_USER, e);
          ref.add_service(apaas);
          const rtm = new agora2.ServiceRtm(user);
          rtm.add_privilege(agora2.ServiceRtm.kPrivilegeLogin, e);
          ref.add_service(rtm);
          const chat = new agora2.ServiceChat(createHash('md5').update(user).digest('hex'));
          chat.add_privilege(agora2.ServiceChat.kPrivilegeUser, e);
          ref.add_service(chat);
          expectEquivalent(
            ours.ApaasTokenBuilder.buildRoomUserToken(appId, cert, room, user, r, e, opts),
            ref.build(),
            cert,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('006 vs agora-access-token 2.0.4', () => {
  function theirs006(ts: number, build: () => string): string {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(ts * 1000);
    try {
      return build();
    } finally {
      vi.useRealTimers();
    }
  }

  function expectSame006(
    mine: string,
    other: string,
    cert: string,
    channel: string,
    user: number | string,
  ): void {
    expect(mine).toBe(other);
    expect(ours.verifyToken(other, cert, { channelName: channel, uid: user })).toBe(true);
    const parsed = new legacyAccessToken.AccessToken('', '', '', '');
    expect(parsed.fromString(mine)).toBe(true);
    const d = ours.decodeToken(mine);
    if (d.version !== '006') throw new Error('expected 006');
    expect(parsed.salt).toBe(d.salt);
    expect(parsed.ts).toBe(d.ts);
    expect(parsed.messages).toEqual(d.privileges);
    expect(parsed.crc_channel_name).toBe(d.crcChannelName);
    expect(parsed.crc_uid).toBe(d.crcUid);
  }

  it('RtcTokenBuilder.buildTokenWithUid / buildTokenWithAccount and RtmTokenBuilder.buildToken: identical strings', () => {
    const expiredTs = fc.oneof(fc.constant(0), fc.integer({ min: 1_000_000_000, max: 0xffffffff }));
    fc.assert(
      fc.property(
        hex32,
        hex32,
        channelName,
        fc.oneof(uid, userAccount),
        fc.constantFrom(0, 1, 2, 101),
        expiredTs,
        rtmUser,
        fc.integer({ min: 1_000_000_000, max: 0xffffffff - 86400 }),
        (appId, cert, ch, user, r, at, rtmId, now) => {
          const method = typeof user === 'number' ? 'buildTokenWithUid' : 'buildTokenWithAccount';
          const other = theirs006(now, () => legacy.RtcTokenBuilder[method](appId, cert, ch, user, r, at));
          const theirSalt = (ours.decodeToken(other) as ours.DecodedToken006).salt;
          const opts = { salt: theirSalt, ts: now + 86400 };
          expectSame006(
            oursLegacy.RtcTokenBuilder[method](appId, cert, ch, user as never, r, at, opts),
            other,
            cert,
            ch,
            user,
          );
          const rtmOther = theirs006(now, () => legacy.RtmTokenBuilder.buildToken(appId, cert, rtmId, 1, at));
          expectSame006(
            oursLegacy.RtmTokenBuilder.buildToken(appId, cert, rtmId, 1, at, opts),
            rtmOther,
            cert,
            rtmId,
            '',
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('edges where the official parsers agree with each other', () => {
  const CERT = '5CFd2fd1755d40ecb72977518be15d3b';

  it('a token with surrounding whitespace or a trailing newline decodes and verifies as the bare token', () => {
    const token = ours.RtcTokenBuilder.buildTokenWithUid(
      '970CA35de60c44645bbae8a215061b33',
      CERT,
      'room',
      42,
      ours.RtcRole.PUBLISHER,
      600,
      600,
    );
    for (const padded of [`${token}\n`, `  ${token}\t`, `\r\n${token}\r\n`]) {
      expect(ours.decodeToken(padded)).toEqual(ours.decodeToken(token));
      expect(ours.verifyToken(padded, CERT)).toBe(true);
    }
    expect(() => ours.decodeToken(`${token.slice(0, 20)} ${token.slice(20)}`)).toThrow(ours.TokenFormatError);
  });

  it('a correctly signed 007 token whose App ID is not 32 hex characters never verifies', () => {
    for (const appId of ['not-an-app-id', 'g'.repeat(32), '970CA35de60c44645bbae8a215061b3']) {
      // The encoder below the builders takes fields as given (the builders validate them first).
      const rtc = new ours.ServiceRtc('room', 42);
      rtc.addPrivilege(ours.ServiceRtc.kPrivilegeJoinChannel, 600);
      const token = encodeAccessToken2(appId, CERT, 1_800_000_000, 600, 7, [rtc]);
      expect(ours.decodeToken(token).appId).toBe(appId);
      expect(ours.verifyToken(token, CERT)).toBe(false);
    }
  });
});

describe('a newer service the library does not parse as expected', () => {
  it('is kept as unknown and the token still verifies (an older one still throws)', () => {
    const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
    const APP = '970CA35de60c44645bbae8a215061b33';
    /** A service of `type` whose body announces a privilege map it does not carry. */
    class Truncated extends ours.Service {
      constructor(readonly type: number) {
        super();
      }
      override pack(w: Parameters<ours.Service['pack']>[0]): void {
        w.u16(this.type);
        w.u16(3); // three privileges announced, none written
      }
    }
    const rtc = new ours.ServiceRtc('room', 42).addPrivilege(ours.ServiceRtc.kPrivilegeJoinChannel, 600);
    for (const type of [9, 10, 42]) {
      const token = encodeAccessToken2(APP, CERT, 1_800_000_000, 600, 7, [rtc, new Truncated(type)]);
      const d = ours.decodeToken(token) as ours.DecodedToken007;
      expect(d.services.map((s) => s.name)).toEqual(['rtc', 'unknown']);
      expect(d.services[1]!.type).toBe(type);
      expect(ours.verifyToken(token, CERT)).toBe(true);
    }
    const old = encodeAccessToken2(APP, CERT, 1_800_000_000, 600, 7, [rtc, new Truncated(5)]);
    expect(() => ours.decodeToken(old)).toThrow(ours.TokenFormatError);
  });
});

describe('a deliberate difference: the numeric user id 0', () => {
  // agora-token packs "" for a numeric RTM or Chat user id 0 (a falsy check), a token for the empty user id
  // that no client can log in as; the user id is the text the SDK logs in with, so it is packed as "0".
  it('is packed as "0" for RTM, Chat and the RTM half of buildTokenWithRtm (agora-token: "")', () => {
    const C = '5CFd2fd1755d40ecb72977518be15d3b';
    const A = '970CA35de60c44645bbae8a215061b33';
    // biome-ignore lint/suspicious/noExplicitAny: the drop-in is called as agora-token is
    const cases: [string, (m: any) => string][] = [
      ['rtm', (m) => m.RtmTokenBuilder.buildToken(A, C, 0, 600)],
      ['chat', (m) => m.ChatTokenBuilder.buildUserToken(A, C, 0, 600)],
      ['rtc+rtm', (m) => m.RtcTokenBuilder.buildTokenWithRtm(A, C, 'ch', 0, 1, 600, 600)],
    ];
    const ids = (token: string) =>
      (ours.decodeToken(token) as ours.DecodedToken007).services.map((s) =>
        'userId' in s ? s.userId : 'uid' in s ? s.uid : undefined,
      );
    for (const [name, build] of cases) {
      const mine = ids(build(ours));
      const theirs = ids(build(agora));
      expect(mine.at(-1), name).toBe('0');
      expect(theirs.at(-1), name).toBe('');
    }
  });
});
