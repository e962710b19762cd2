// The drop-in builders reproduce the published vectors and agora-token's service layouts.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApaasTokenBuilder,
  type BuildOptions,
  buildAgentToken,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  DEMO_CREDENTIALS,
  type DecodedToken007,
  decodeToken,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  Rtm2Permissions,
  RtmTokenBuilder,
  SttTokenBuilder,
  TokenInputError,
  verifyToken,
} from '../../src/index.js';
import { base64Decode } from '../../src/token/encoding/base64.js';
import { zlibInflate } from '../../src/token/encoding/zlib.js';
import { hex, vectors007 } from './helpers/vectors.js';

const { appId, appCertificate } = DEMO_CREDENTIALS;
const FIXED = { issueTs: 1111111, salt: 1 };
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';

function payloadHex(token: string): string {
  return hex(zlibInflate(base64Decode(token.slice(3))));
}
function vector(id: string): string {
  return vectors007.find((v) => v.id === id)!.decompressed_hex;
}
function decode007(token: string): DecodedToken007 {
  const d = decodeToken(token);
  if (d.version !== '007') throw new Error('expected 007');
  return d;
}

describe('drop-in parameter lists (checked by the type-check of the tests)', () => {
  it("every static method takes agora-token 2.0.6's positional parameters, then optional BuildOptions", () => {
    type User = number | string;
    type Rtc = [string, string, string, User, number, number, number?, BuildOptions?];
    type Privileges = [string, string, string, User, number, number, number, number, number, BuildOptions?];
    type RtcRtm = [
      string,
      string,
      string,
      User,
      number,
      number,
      number,
      number,
      number,
      number,
      User,
      number,
      BuildOptions?,
    ];
    expectTypeOf(RtcTokenBuilder.buildTokenWithUid).parameters.toEqualTypeOf<Rtc>();
    expectTypeOf(RtcTokenBuilder.buildTokenWithUserAccount).parameters.toEqualTypeOf<Rtc>();
    expectTypeOf(RtcTokenBuilder.buildTokenWithRtm).parameters.toEqualTypeOf<Rtc>();
    expectTypeOf(RtcTokenBuilder.buildTokenWithUidAndPrivilege).parameters.toEqualTypeOf<Privileges>();
    expectTypeOf(
      RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege,
    ).parameters.toEqualTypeOf<Privileges>();
    expectTypeOf(
      RtcTokenBuilder.buildTokenWithUserAccountAndPrivilege,
    ).parameters.toEqualTypeOf<Privileges>();
    expectTypeOf(RtcTokenBuilder.buildTokenWithRtm2).parameters.toEqualTypeOf<RtcRtm>();
    expectTypeOf(ConvoAITokenBuilder.buildToken).parameters.toEqualTypeOf<RtcRtm>();
    expectTypeOf(SttTokenBuilder.buildToken).parameters.toEqualTypeOf<RtcRtm>();
    expectTypeOf(RtmTokenBuilder.buildToken).parameters.toEqualTypeOf<
      [string, string, User, number, BuildOptions?]
    >();
    expectTypeOf(RtmTokenBuilder.buildTokenWithPermissions).parameters.toEqualTypeOf<
      [string, string, User, Rtm2Permissions, number, BuildOptions?]
    >();
    expectTypeOf(ChatTokenBuilder.buildUserToken).parameters.toEqualTypeOf<
      [string, string, User, number, BuildOptions?]
    >();
    expectTypeOf(ChatTokenBuilder.buildAppToken).parameters.toEqualTypeOf<
      [string, string, number, BuildOptions?]
    >();
    expectTypeOf(FpaTokenBuilder.buildToken).parameters.toEqualTypeOf<[string, string, BuildOptions?]>();
    expectTypeOf(ApaasTokenBuilder.buildRoomUserToken).parameters.toEqualTypeOf<
      [string, string, string, User, number, number, BuildOptions?]
    >();
    expectTypeOf(EducationTokenBuilder.buildUserToken).parameters.toEqualTypeOf<
      [string, string, User, number, BuildOptions?]
    >();
    expectTypeOf(EducationTokenBuilder.buildAppToken).parameters.toEqualTypeOf<
      [string, string, number, BuildOptions?]
    >();
    // and at run time: the optional trailing privilegeExpire defaults to 0 (as long as the token)
    const base = [appId, appCertificate, CHANNEL, 7, RtcRole.PUBLISHER, 600] as const;
    expect(RtcTokenBuilder.buildTokenWithUid(...base, undefined, FIXED)).toBe(
      RtcTokenBuilder.buildTokenWithUid(...base, 0, FIXED),
    );
  });
});

describe('drop-in builders against the published vectors', () => {
  it('RtcTokenBuilder.buildTokenWithUid (subscriber, 600/600) = 007-rtc-uid', () => {
    const t = RtcTokenBuilder.buildTokenWithUid(
      appId,
      appCertificate,
      CHANNEL,
      2882341273,
      RtcRole.SUBSCRIBER,
      600,
      600,
      FIXED,
    );
    expect(payloadHex(t)).toBe(vector('007-rtc-uid'));
  });

  it('RtcTokenBuilder.buildTokenWithUserAccount = 007-rtc-account, uid 0 = 007-rtc-uid0', () => {
    const a = RtcTokenBuilder.buildTokenWithUserAccount(
      appId,
      appCertificate,
      CHANNEL,
      '2882341273',
      2,
      600,
      600,
      FIXED,
    );
    expect(payloadHex(a)).toBe(vector('007-rtc-account'));
    const z = RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, CHANNEL, 0, 2, 600, 600, FIXED);
    expect(payloadHex(z)).toBe(vector('007-rtc-uid0'));
  });

  it('RtmTokenBuilder.buildToken = 007-rtm-test_user', () => {
    expect(payloadHex(RtmTokenBuilder.buildToken(appId, appCertificate, 'test_user', 600, FIXED))).toBe(
      vector('007-rtm-test_user'),
    );
  });

  it('ChatTokenBuilder user and app tokens = 007-chat-user / 007-chat-app', () => {
    expect(payloadHex(ChatTokenBuilder.buildUserToken(appId, appCertificate, '2882341273', 600, FIXED))).toBe(
      vector('007-chat-user'),
    );
    expect(payloadHex(ChatTokenBuilder.buildAppToken(appId, appCertificate, 600, FIXED))).toBe(
      vector('007-chat-app'),
    );
  });

  it('ApaasTokenBuilder / EducationTokenBuilder room-user token = 007-apaas-room-user (with the room-user privilege)', () => {
    for (const B of [ApaasTokenBuilder, EducationTokenBuilder]) {
      const t = B.buildRoomUserToken(appId, appCertificate, '123', '2882341273', 1, 600, FIXED);
      expect(payloadHex(t)).toBe(vector('007-apaas-room-user'));
      expect(payloadHex(B.buildUserToken(appId, appCertificate, '2882341273', 600, FIXED))).toBe(
        vector('007-apaas-user'),
      );
      expect(payloadHex(B.buildAppToken(appId, appCertificate, 600, FIXED))).toBe(vector('007-apaas-app'));
    }
  });
});

describe('drop-in builder layouts', () => {
  it('publisher gets join + publish audio/video/data with privilegeExpire; subscriber only join', () => {
    const pub = decode007(
      RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 7, RtcRole.PUBLISHER, 900, 300, FIXED),
    );
    expect(pub.expire).toBe(900);
    expect(pub.services).toEqual([
      { type: 1, name: 'rtc', privileges: { 1: 300, 2: 300, 3: 300, 4: 300 }, channelName: 'c', uid: '7' },
    ]);
    const sub = decode007(
      RtcTokenBuilder.buildTokenWithUid(
        appId,
        appCertificate,
        'c',
        7,
        RtcRole.SUBSCRIBER,
        900,
        undefined,
        FIXED,
      ),
    );
    expect(sub.services[0]!.privileges).toEqual({ 1: 0 });
    expect(RtcRole).toEqual({ PUBLISHER: 1, SUBSCRIBER: 2 });
  });

  it('...AndPrivilege variants carry all four privileges; the camelCase alias is identical', () => {
    const args = [appId, appCertificate, 'c', 'acc', 1000, 10, 20, 30, 40, FIXED] as const;
    const a = RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(...args);
    expect(RtcTokenBuilder.buildTokenWithUserAccountAndPrivilege(...args)).toBe(a);
    expect(decode007(a).services[0]!.privileges).toEqual({ 1: 10, 2: 20, 3: 30, 4: 40 });
    const u = RtcTokenBuilder.buildTokenWithUidAndPrivilege(
      appId,
      appCertificate,
      'c',
      0,
      1000,
      10,
      20,
      30,
      40,
      FIXED,
    );
    expect(decode007(u).services[0]).toMatchObject({ uid: '', privileges: { 1: 10, 2: 20, 3: 30, 4: 40 } });
  });

  it('buildTokenWithRtm: RTM user is the account, login lasts the token', () => {
    const d = decode007(
      RtcTokenBuilder.buildTokenWithRtm(appId, appCertificate, 'c', 'alice', 1, 600, 60, FIXED),
    );
    expect(d.services).toEqual([
      { type: 1, name: 'rtc', privileges: { 1: 60, 2: 60, 3: 60, 4: 60 }, channelName: 'c', uid: 'alice' },
      { type: 2, name: 'rtm', privileges: { 1: 600 }, userId: 'alice' },
    ]);
  });

  it('buildTokenWithRtm2, ConvoAI and STT: RTC (publish only for publisher) + RTM (+ service 9 / 10)', () => {
    const args = [
      appId,
      appCertificate,
      'c',
      5,
      RtcRole.SUBSCRIBER,
      600,
      100,
      200,
      300,
      400,
      'bob',
      500,
      FIXED,
    ] as const;
    const rtcSub = { type: 1, name: 'rtc', privileges: { 1: 100 }, channelName: 'c', uid: '5' };
    const rtm = { type: 2, name: 'rtm', privileges: { 1: 500 }, userId: 'bob' };
    expect(decode007(RtcTokenBuilder.buildTokenWithRtm2(...args)).services).toEqual([rtcSub, rtm]);
    expect(decode007(ConvoAITokenBuilder.buildToken(...args)).services).toEqual([
      rtcSub,
      rtm,
      { type: 9, name: 'convoai', privileges: {} },
    ]);
    const pubArgs = [
      appId,
      appCertificate,
      'c',
      5,
      RtcRole.PUBLISHER,
      600,
      100,
      200,
      300,
      400,
      'bob',
      500,
      FIXED,
    ] as const;
    expect(decode007(SttTokenBuilder.buildToken(...pubArgs)).services).toEqual([
      { ...rtcSub, privileges: { 1: 100, 2: 200, 3: 300, 4: 400 } },
      rtm,
      { type: 10, name: 'stt', privileges: {} },
    ]);
  });

  it('FpaTokenBuilder: 24 h token, FPA login privilege 0', () => {
    const d = decode007(FpaTokenBuilder.buildToken(appId, appCertificate, FIXED));
    expect(d.expire).toBe(86400);
    expect(d.services).toEqual([{ type: 4, name: 'fpa', privileges: { 1: 0 } }]);
  });

  it('RtmTokenBuilder.buildTokenWithPermissions: RTM2 with sorted permissions', () => {
    const p = new Rtm2Permissions();
    p.add(Rtm2Permissions.kUsers, Rtm2Permissions.kRead, ['user-a']);
    p.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kWrite, ['w']);
    p.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, ['r1', 'r2']);
    const t = RtmTokenBuilder.buildTokenWithPermissions(appId, appCertificate, 'u', p, 600, FIXED);
    expect(decode007(t).services).toEqual([
      {
        type: 8,
        name: 'rtm2',
        privileges: { 1: 600 },
        userId: 'u',
        permissions: { 0: { 0: ['r1', 'r2'], 1: ['w'] }, 4: { 0: ['user-a'] } },
      },
    ]);
    expect(verifyToken(t, appCertificate)).toBe(true);
  });

  it('refuses to build an RTM2 token too large to decode (thousands of resources), and builds the largest it can', () => {
    const grant = (n: number) =>
      new Rtm2Permissions().add(
        Rtm2Permissions.kMessageChannels,
        Rtm2Permissions.kRead,
        Array.from({ length: n }, (_, i) => `channel-${String(i).padStart(5, '0')}`),
      );
    let thrown: unknown;
    try {
      RtmTokenBuilder.buildTokenWithPermissions(appId, appCertificate, 'u', grant(5000), 600, FIXED);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TokenInputError);
    expect((thrown as TokenInputError).code).toBe('ERR_TOKEN_TOO_LARGE');
    // what it does build, it can decode
    const t = RtmTokenBuilder.buildTokenWithPermissions(appId, appCertificate, 'u', grant(2000), 600, FIXED);
    expect(t.length).toBeLessThanOrEqual(64 * 1024);
    expect(verifyToken(t, appCertificate)).toBe(true);
  });

  it('defaults: issue time is now, salt is random in [1, 99999999]', () => {
    const before = Math.floor(Date.now() / 1000);
    const salts = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const d = decode007(RtmTokenBuilder.buildToken(appId, appCertificate, 'u', 60));
      expect(d.issueTs).toBeGreaterThanOrEqual(before);
      expect(d.issueTs).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      expect(d.salt).toBeGreaterThanOrEqual(1);
      expect(d.salt).toBeLessThanOrEqual(99999999);
      salts.add(d.salt);
    }
    expect(salts.size).toBeGreaterThan(15);
  });

  it("bad input throws TokenInputError where agora-token returns ''", () => {
    const cases: [() => string, string][] = [
      [() => RtcTokenBuilder.buildTokenWithUid('nope', appCertificate, 'c', 1, 1, 600), 'appId'],
      [() => RtcTokenBuilder.buildTokenWithUid(appId, 'short', 'c', 1, 1, 600), 'appCertificate'],
      [() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c/d', 1, 1, 600), 'channelName'],
      [() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', -1, 1, 600), 'uid'],
      [() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 1, 3, 600), 'role'],
      [() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 1, 1, 1764300000), 'tokenExpire'],
      [() => RtmTokenBuilder.buildToken(appId, appCertificate, ' lead', 600), 'userId'],
      [() => ChatTokenBuilder.buildAppToken(appId, appCertificate, 0), 'expire'],
    ];
    for (const [fn, field] of cases) {
      expect(fn).toThrow(TokenInputError);
      try {
        fn();
      } catch (e) {
        expect((e as TokenInputError).field).toBe(field);
      }
    }
  });
});

describe('buildAgentToken', () => {
  const e = 600;
  it('is ConvoAITokenBuilder / SttTokenBuilder with one lifetime and the RTM login for the same id', () => {
    for (const [product, builder] of [
      ['convoai', ConvoAITokenBuilder],
      ['stt', SttTokenBuilder],
    ] as const) {
      const ours = buildAgentToken(
        DEMO_CREDENTIALS,
        { product, channel: CHANNEL, uid: 2082341273, role: 'publisher', expiresIn: e },
        FIXED,
      );
      const drop = builder.buildToken(
        appId,
        appCertificate,
        CHANNEL,
        2082341273,
        RtcRole.PUBLISHER,
        e,
        e,
        e,
        e,
        e,
        '2082341273',
        e,
        FIXED,
      );
      expect(ours).toBe(drop);
      const byAccount = buildAgentToken(
        DEMO_CREDENTIALS,
        { product, channel: CHANNEL, account: 'agent-7', role: 'subscriber', expiresIn: e },
        FIXED,
      );
      expect(byAccount).toBe(
        builder.buildToken(
          appId,
          appCertificate,
          CHANNEL,
          'agent-7',
          RtcRole.SUBSCRIBER,
          e,
          e,
          e,
          e,
          e,
          'agent-7',
          e,
          FIXED,
        ),
      );
    }
  });

  it('refuses uid 0, both or neither of uid and account, another product or role', () => {
    const base = { product: 'convoai', channel: 'c', role: 'publisher', expiresIn: e } as const;
    const code = (p: object) => {
      try {
        buildAgentToken(DEMO_CREDENTIALS, p as never);
      } catch (error) {
        expect(error).toBeInstanceOf(TokenInputError);
        return (error as TokenInputError).code;
      }
      return 'built';
    };
    expect(code({ ...base, uid: 0 })).toBe('ERR_INVALID_UID');
    expect(code({ ...base })).toBe('ERR_UID_OR_ACCOUNT');
    expect(code({ ...base, uid: 1, account: 'a' })).toBe('ERR_UID_OR_ACCOUNT');
    expect(code({ ...base, uid: 1, product: 'rtc' })).toBe('ERR_INVALID_ARGUMENT');
    expect(code({ ...base, uid: 1, role: 'host' })).toBe('ERR_INVALID_ROLE');
    expect(code({ ...base, uid: 1 })).toBe('built');
  });
});
