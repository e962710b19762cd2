// Drop-in audit: code written against agora-token 2.0.6 keeps working when only the module name changes to
// '@tokenfn/core' (or '@tokenfn/core/legacy' for the 006 builders). Checked here, beyond the random inputs
// of differential.test.ts: the export surface (the default export ESM code needs included), omitted
// optional arguments, the odd but legal inputs agora-token accepts (same payload bytes for the same issue
// time and salt), the clear errors where agora-token builds a token no client can use, and a TypeScript
// program written against agora-token's typings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../../../src/index.js';
import * as oursLegacy from '../../../src/legacy.js';
import { payloadHex, withPinnedClockAndSalt } from '../helpers/agora-token.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agora: any = require('agora-token');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agora2: any = require('agora-token/src/AccessToken2.js');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agoraLegacyRtc: any = require('agora-token/src/RtcTokenBuilder.js');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agoraLegacyRtm: any = require('agora-token/src/RtmTokenBuilder.js');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agoraLegacyAccessToken: any = require('agora-token/src/AccessToken.js');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agoraAccessToken: any = require('agora-access-token');
// biome-ignore lint/suspicious/noExplicitAny: both modules are called the same way, as agora-token is
type Module = any;

const A = '970CA35de60c44645bbae8a215061b33';
const C = '5CFd2fd1755d40ecb72977518be15d3b';
const TS = 1_800_000_000;
const SALT = 4242;
const FIXED = { issueTs: TS, salt: SALT };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs an agora-token call with its clock at TS and its salt forced to SALT. */
const theirs = (build: () => string) => withPinnedClockAndSalt(TS, SALT, build);
const payload = payloadHex;

/**
 * `build` called the same way on agora-token (clock and salt pinned, `o` undefined) and on ours (`o` =
 * FIXED, passed where agora-token takes no more arguments, so it ignores it): the same payload.
 */
function expectSameBytes(label: string, build: (m: Module, o: typeof FIXED | undefined) => string): string {
  const other = theirs(() => build(agora, undefined));
  const mine = build(ours, FIXED);
  expect(payload(mine), label).toBe(payload(other));
  return mine;
}

function decode007(token: string): ours.DecodedToken007 {
  const d = ours.decodeToken(token);
  if (d.version !== '007') throw new Error('expected 007');
  return d;
}

function thrown(fn: () => unknown): ours.TokenInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ours.TokenInputError);
    return e as ours.TokenInputError;
  }
  throw new Error('expected a TokenInputError, nothing was thrown');
}

describe('the export surface', () => {
  it("the default export is agora-token's module.exports, name for name (ESM code has to import it as a default)", () => {
    const def = ours.default as Record<string, unknown>;
    expect(Object.keys(def).sort()).toEqual(Object.keys(agora).sort());
    for (const name of Object.keys(agora)) expect(def[name], name).toBe((ours as Module)[name]);
    // `import agora from 'agora-token'; agora.RtcTokenBuilder...` with only the module name changed
    expectSameBytes('default.RtcTokenBuilder', (m, o) =>
      (m === ours ? ours.default : m).RtcTokenBuilder.buildTokenWithUid(
        A,
        C,
        'demo',
        42,
        (m === ours ? ours.default : m).RtcRole.PUBLISHER,
        600,
        600,
        o,
      ),
    );
  });

  it('every static method and constant of every agora-token export, of the same kind and value', () => {
    for (const name of Object.keys(agora)) {
      const other = agora[name];
      const mine = (ours as Module)[name];
      expect(typeof mine, name).toBe(typeof other);
      for (const key of Object.getOwnPropertyNames(other)) {
        if (key === 'length' || key === 'name' || key === 'prototype') continue;
        expect(typeof mine[key], `${name}.${key}`).toBe(typeof other[key]);
        if (typeof other[key] !== 'function') expect(mine[key], `${name}.${key}`).toBe(other[key]);
      }
    }
    expect({ ...ours.RtcRole }).toEqual({ ...agora.RtcRole });
  });

  it('Rtm2Permissions instances: the same details after the same add calls (replacing, any iterable)', () => {
    const calls: [number, number, Iterable<string>][] = [
      [ours.Rtm2Permissions.kUsers, ours.Rtm2Permissions.kRead, ['u1']],
      [ours.Rtm2Permissions.kMessageChannels, ours.Rtm2Permissions.kWrite, new Set(['w1', 'w2'])],
      [ours.Rtm2Permissions.kUsers, ours.Rtm2Permissions.kRead, ['u2', 'u3']],
      [ours.Rtm2Permissions.kStreamChannels, ours.Rtm2Permissions.kRead, []],
    ];
    const mine = new ours.Rtm2Permissions();
    const other = new agora.Rtm2Permissions();
    for (const [rt, pt, resources] of calls) {
      mine.add(rt, pt, resources);
      other.add(rt, pt, resources);
    }
    expect(mine.details).toEqual(other.details);
    expect(mine.details).toEqual({ 0: { 1: ['w1', 'w2'] }, 1: { 0: [] }, 4: { 0: ['u2', 'u3'] } });
  });

  it("the low-level services have agora-token's privilege constants and service type ids", () => {
    // agora-token's AccessToken2 module name -> ours (FCDN is spelled ServiceFcdn here)
    const classes: [string, Module, ours.ServiceTypeId | undefined][] = [
      ['ServiceRtc', ours.ServiceRtc, ours.ServiceType.Rtc],
      ['ServiceRtm', ours.ServiceRtm, ours.ServiceType.Rtm],
      ['ServiceStreaming', ours.ServiceStreaming, ours.ServiceType.Streaming],
      ['ServiceFpa', ours.ServiceFpa, ours.ServiceType.Fpa],
      ['ServiceChat', ours.ServiceChat, ours.ServiceType.Chat],
      ['ServiceFCdn', ours.ServiceFcdn, ours.ServiceType.Fcdn],
      ['ServiceApaas', ours.ServiceApaas, ours.ServiceType.Apaas],
      ['ServiceRtm2', ours.ServiceRtm2, ours.ServiceType.Rtm2],
      ['ServiceConvoAI', ours.ServiceConvoAI, ours.ServiceType.ConvoAI],
      ['ServiceStt', ours.ServiceStt, ours.ServiceType.Stt],
      ['Rtm2Permissions', ours.Rtm2Permissions, undefined],
    ];
    for (const [name, mine, type] of classes) {
      const other = agora2[name];
      const constants = Object.keys(other);
      if (name !== 'ServiceConvoAI' && name !== 'ServiceStt')
        expect(constants.length, name).toBeGreaterThan(0);
      for (const key of constants) expect(mine[key], `${name}.${key}`).toBe(other[key]);
      if (type !== undefined) {
        // agora-token's constructors take no arguments when it parses; ours need the RTC fields
        expect((name === 'ServiceRtc' ? new mine('c', 0) : new mine()).type, name).toBe(type);
        expect(new other().service_type(), name).toBe(type);
      }
    }
    const typeIds = Object.keys(agora2).filter((k) => /^k\w+ServiceType$/.test(k));
    expect(typeIds).toHaveLength(10);
    for (const k of typeIds) {
      const id = agora2[k] as number;
      expect(ours.SERVICE_NAMES[id], k).toBe(k.slice(1, -'ServiceType'.length).toLowerCase());
    }
  });

  it("the legacy entry: agora-access-token's names (and default export), agora-token's legacy values", () => {
    const def = oursLegacy.default as Record<string, unknown>;
    expect(Object.keys(def).sort()).toEqual(Object.keys(agoraAccessToken).sort());
    for (const name of Object.keys(agoraAccessToken)) {
      expect(def[name], name).toBe((oursLegacy as Module)[name]);
      expect(typeof def[name], name).toBe(typeof agoraAccessToken[name]);
    }
    expect({ ...oursLegacy.RtcRole }).toEqual({ ...agoraLegacyRtc.Role });
    expect({ ...oursLegacy.RtmRole }).toEqual({ ...agoraLegacyRtm.Role });
    expect(oursLegacy.Privileges).toMatchObject(agoraLegacyAccessToken.priviledges);
  });
});

describe('the same payload bytes for the same inputs', () => {
  it('every low-level service packs as agora-token packs it (Streaming and FCDN, which no builder uses, included)', () => {
    const perms = () => {
      const p = new agora2.Rtm2Permissions();
      p.add(agora2.Rtm2Permissions.kGroupChannels, agora2.Rtm2Permissions.kWrite, ['g1', 'g2']);
      p.add(agora2.Rtm2Permissions.kMessageChannels, agora2.Rtm2Permissions.kRead, ['m']);
      return p;
    };
    const oursPerms = new ours.Rtm2Permissions()
      .add(ours.Rtm2Permissions.kGroupChannels, ours.Rtm2Permissions.kWrite, ['g1', 'g2'])
      .add(ours.Rtm2Permissions.kMessageChannels, ours.Rtm2Permissions.kRead, ['m']);
    // [label, agora-token AccessToken2 module class name, ours, constructor arguments, privileges]
    const cases: [string, string, Module, unknown[], [number, number][]][] = [
      ['rtc uid 0', 'ServiceRtc', ours.ServiceRtc, ['ch', 0], [[1, 600]]],
      ['rtc uid', 'ServiceRtc', ours.ServiceRtc, ['ch', 4294967295], [[1, 0]]],
      ['rtc account', 'ServiceRtc', ours.ServiceRtc, ['ch', 'alice'], [[4, 9]]],
      ['rtm', 'ServiceRtm', ours.ServiceRtm, ['bob'], [[1, 600]]],
      [
        'streaming',
        'ServiceStreaming',
        ours.ServiceStreaming,
        ['live', 7],
        [
          [1, 60],
          [2, 70],
        ],
      ],
      ['streaming uid 0', 'ServiceStreaming', ours.ServiceStreaming, ['live', 0], [[2, 1]]],
      ['streaming account', 'ServiceStreaming', ours.ServiceStreaming, ['live', 'acc'], []],
      ['streaming no arguments', 'ServiceStreaming', ours.ServiceStreaming, [], [[1, 1]]],
      ['fpa', 'ServiceFpa', ours.ServiceFpa, [], [[1, 0]]],
      ['chat user', 'ServiceChat', ours.ServiceChat, ['u1'], [[1, 600]]],
      ['chat app', 'ServiceChat', ours.ServiceChat, [], [[2, 600]]],
      [
        'fcdn',
        'ServiceFCdn',
        ours.ServiceFcdn,
        ['cdn', 9],
        [
          [1, 5],
          [2, 6],
        ],
      ],
      ['fcdn uid 0', 'ServiceFCdn', ours.ServiceFcdn, ['cdn', 0], [[2, 6]]],
      ['fcdn no arguments', 'ServiceFCdn', ours.ServiceFcdn, [], [[1, 5]]],
      ['apaas', 'ServiceApaas', ours.ServiceApaas, ['room', 'user', 2], [[1, 600]]],
      ['apaas negative role', 'ServiceApaas', ours.ServiceApaas, ['room', 'user', -7], []],
      ['apaas no arguments', 'ServiceApaas', ours.ServiceApaas, [], [[3, 600]]],
      ['rtm2', 'ServiceRtm2', ours.ServiceRtm2, ['carol', 'perms'], [[1, 600]]],
      ['rtm2 no permissions', 'ServiceRtm2', ours.ServiceRtm2, ['carol'], [[1, 600]]],
      ['convoai', 'ServiceConvoAI', ours.ServiceConvoAI, [], []],
      ['stt', 'ServiceStt', ours.ServiceStt, [], []],
    ];
    for (const [label, name, Mine, args, privileges] of cases) {
      const other = new agora2.AccessToken2(A, C, TS, 600);
      other.salt = SALT;
      const s = new agora2[name](...args.map((a) => (a === 'perms' ? perms() : a)));
      for (const [id, v] of privileges) s.add_privilege(id, v);
      other.add_service(s);
      const m = new Mine(...args.map((a) => (a === 'perms' ? oursPerms : a)));
      for (const [id, v] of privileges) m.addPrivilege(id, v);
      const mine = new ours.AccessToken2(A, C, 600, FIXED).addService(m).build();
      expect(payload(mine), label).toBe(payload(other.build()));
    }
  });

  it('an omitted privilegeExpire is 0 (as long as the token), as in agora-token', () => {
    const methods = ['buildTokenWithUid', 'buildTokenWithUserAccount', 'buildTokenWithRtm'] as const;
    for (const method of methods) {
      for (const role of [ours.RtcRole.PUBLISHER, ours.RtcRole.SUBSCRIBER]) {
        const other = theirs(() => agora.RtcTokenBuilder[method](A, C, 'demo', 'alice', role, 600));
        const mine = ours.RtcTokenBuilder[method](A, C, 'demo', 'alice', role, 600, undefined, FIXED);
        expect(payload(mine), method).toBe(payload(other));
        // truly omitted (issue time and salt then differ): the same services and lifetime
        const omitted = decode007(ours.RtcTokenBuilder[method](A, C, 'demo', 'alice', role, 600));
        expect(omitted.services, method).toEqual(decode007(other).services);
        expect(omitted.expire).toBe(600);
      }
    }
    expect(decode007(ours.RtcTokenBuilder.buildTokenWithUid(A, C, 'demo', 1, 1, 600)).services[0]).toEqual({
      type: 1,
      name: 'rtc',
      privileges: { 1: 0, 2: 0, 3: 0, 4: 0 },
      channelName: 'demo',
      uid: '1',
    });
  });

  it('uids, accounts and channel names at the edges of what both accept', () => {
    const rtc =
      (user: number | string, ch = 'demo') =>
      (m: Module, o: typeof FIXED | undefined) =>
        m.RtcTokenBuilder.buildTokenWithUid(A, C, ch, user, m.RtcRole.PUBLISHER, 600, 300, o);
    const account = (user: number | string) => (m: Module, o: typeof FIXED | undefined) =>
      m.RtcTokenBuilder.buildTokenWithUserAccount(A, C, 'demo', user, m.RtcRole.SUBSCRIBER, 600, 300, o);
    const uidOf = (t: string) => (decode007(t).services[0] as ours.DecodedRtcService).uid;

    // uid 0 is "any uid", packed as ""; the string "0" is the account "0"
    expect(uidOf(expectSameBytes('uid 0', rtc(0)))).toBe('');
    expect(uidOf(expectSameBytes('account 0 (a number)', account(0)))).toBe('');
    expect(uidOf(expectSameBytes('uid "0"', rtc('0')))).toBe('0');
    // a numeric string is packed exactly as the number: a uid read from a query string still works
    const asString = expectSameBytes('uid "123"', rtc('123'));
    expect(payload(asString)).toBe(payload(expectSameBytes('uid 123', rtc(123))));
    expect(uidOf(expectSameBytes('uid 2^32-1', rtc(0xffffffff)))).toBe('4294967295');
    expect(uidOf(expectSameBytes('uid "007" keeps its zeros', rtc('007')))).toBe('007');
    expectSameBytes('account of a number', account(42));
    expectSameBytes('account with every allowed punctuation', account('a !#$%&()+-:;<=.>?@[]^_{}|~,z'));
    expectSameBytes('account of 255 characters', account('x'.repeat(255)));
    expectSameBytes('e-mail account', account('first.last@example.com'));
    expectSameBytes('channel of 63 characters', rtc(5, 'c'.repeat(63)));
    expectSameBytes('channel of one character', rtc(5, 'c'));
    expectSameBytes('channel with spaces and punctuation', rtc(5, 'room 1 (test) #a'));
  });

  it('lifetimes at the edges: 1 and 86400 seconds, privileges of 0 and longer than the token', () => {
    for (const [tokenExpire, privilegeExpire] of [
      [1, 0],
      [86400, 86400],
      [600, 86400],
      [86400, 1],
    ] as const) {
      const label = `${tokenExpire}/${privilegeExpire}`;
      expectSameBytes(label, (m, o) =>
        m.RtcTokenBuilder.buildTokenWithUid(A, C, 'demo', 7, 1, tokenExpire, privilegeExpire, o),
      );
      expectSameBytes(label, (m, o) =>
        m.RtcTokenBuilder.buildTokenWithUidAndPrivilege(
          A,
          C,
          'demo',
          0,
          tokenExpire,
          privilegeExpire,
          0,
          privilegeExpire,
          0,
          o,
        ),
      );
      expectSameBytes(label, (m, o) => m.RtmTokenBuilder.buildToken(A, C, 'u', tokenExpire, o));
      expectSameBytes(label, (m, o) => m.ChatTokenBuilder.buildAppToken(A, C, tokenExpire, o));
    }
  });

  it('RTC + RTM builders: a subscriber with the publish lifetimes left undefined, a uid 0 with an RTM user', () => {
    for (const builder of ['RtcTokenBuilder.buildTokenWithRtm2', 'ConvoAITokenBuilder', 'SttTokenBuilder']) {
      const call = (m: Module) =>
        builder === 'RtcTokenBuilder.buildTokenWithRtm2'
          ? m.RtcTokenBuilder.buildTokenWithRtm2.bind(m.RtcTokenBuilder)
          : m[builder].buildToken.bind(m[builder]);
      const sub = expectSameBytes(builder, (m, o) =>
        call(m)(A, C, 'demo', 5, m.RtcRole.SUBSCRIBER, 600, 60, undefined, undefined, undefined, 'u', 600, o),
      );
      expect(decode007(sub).services[0]!.privileges).toEqual({ 1: 60 });
      expectSameBytes(builder, (m, o) =>
        call(m)(A, C, 'demo', 0, m.RtcRole.PUBLISHER, 600, 0, 1, 2, 3, 'agent-1', 86400, o),
      );
    }
  });

  it('RTM, RTM2 and Chat user ids: any Unicode up to 64 bytes; RTM2 takes a number and no permissions', () => {
    for (const user of ['é😀', 'ü'.repeat(32), 'user with spaces', '-']) {
      expectSameBytes(user, (m, o) => m.RtmTokenBuilder.buildToken(A, C, user, 600, o));
      expectSameBytes(user, (m, o) => m.ChatTokenBuilder.buildUserToken(A, C, user, 600, o));
      expectSameBytes(user, (m, o) =>
        m.RtmTokenBuilder.buildTokenWithPermissions(A, C, user, new m.Rtm2Permissions(), 600, o),
      );
    }
    // agora-token takes a numeric RTM2 user id in its decimal form (its RTM and Chat builders throw)
    expectSameBytes('rtm2 numeric user', (m, o) =>
      m.RtmTokenBuilder.buildTokenWithPermissions(A, C, 42, new m.Rtm2Permissions(), 600, o),
    );
    // and grants nothing for a missing permission set, null included
    const none = expectSameBytes('rtm2 undefined permissions', (m, o) =>
      m.RtmTokenBuilder.buildTokenWithPermissions(A, C, 'u', undefined, 600, o),
    );
    expect(
      payload(
        expectSameBytes('rtm2 null permissions', (m, o) =>
          m.RtmTokenBuilder.buildTokenWithPermissions(A, C, 'u', null, 600, o),
        ),
      ),
    ).toBe(payload(none));
    expectSameBytes('rtm2 permissions replaced and from a Set', (m, o) => {
      const p = new m.Rtm2Permissions();
      p.add(m.Rtm2Permissions.kUsers, m.Rtm2Permissions.kWrite, ['old']);
      p.add(m.Rtm2Permissions.kUsers, m.Rtm2Permissions.kWrite, new Set(['new-1', 'new-2']));
      p.add(m.Rtm2Permissions.kServerGroups, m.Rtm2Permissions.kRead, []);
      return m.RtmTokenBuilder.buildTokenWithPermissions(A, C, 'u', p, 600, o);
    });
  });

  it('APaaS / Education: an omitted role is -1; room-user tokens are agora-token plus the room-user privilege', () => {
    for (const name of ['ApaasTokenBuilder', 'EducationTokenBuilder']) {
      expectSameBytes(name, (m, o) => m[name].buildUserToken(A, C, 'user-1', 600, o));
      expectSameBytes(name, (m, o) => m[name].buildAppToken(A, C, 86400, o));
      for (const role of [undefined, null, 2, -5]) {
        const other = theirs(() => agora[name].buildRoomUserToken(A, C, 'room-1', 'user-1', role, 600));
        const mine = (ours as Module)[name].buildRoomUserToken(A, C, 'room-1', 'user-1', role, 600, FIXED);
        const mineApaas = decode007(mine).services.find((s) => s.name === 'apaas');
        const otherApaas = decode007(other).services.find((s) => s.name === 'apaas');
        expect(mineApaas, String(role)).toEqual({ ...otherApaas, privileges: { 1: 600 } });
        expect(otherApaas).toMatchObject({ privileges: {}, role: role ?? -1 });
        // everything else is byte for byte agora-token's: rebuild theirs with the privilege added
        const ref = new agora2.AccessToken2(A, C, TS, 600);
        ref.salt = SALT;
        const apaas = new agora2.ServiceApaas('room-1', 'user-1', role);
        apaas.add_privilege(agora2.ServiceApaas.PRIVILEGE_ROOM_USER, 600);
        ref.add_service(apaas);
        const rtm = new agora2.ServiceRtm('user-1');
        rtm.add_privilege(agora2.ServiceRtm.kPrivilegeLogin, 600);
        ref.add_service(rtm);
        const chat = new agora2.ServiceChat(decode007(other).services.find((s) => s.name === 'chat')!.userId);
        chat.add_privilege(agora2.ServiceChat.kPrivilegeUser, 600);
        ref.add_service(chat);
        expect(payload(mine), String(role)).toBe(payload(ref.build()));
      }
    }
  });

  it("legacy 006: the very strings of agora-token's own src/RtcTokenBuilder and src/RtmTokenBuilder", () => {
    const now = 1_750_000_000;
    const at = (build: () => string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(now * 1000);
      try {
        return build();
      } finally {
        vi.useRealTimers();
      }
    };
    // agora-token draws its 006 salt once, when the module loads: read it back from one of its tokens
    const probe = at(() => agoraLegacyRtc.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, 0));
    const opts = { salt: (ours.decodeToken(probe) as ours.DecodedToken006).salt, ts: now + 86400 };
    for (const role of Object.values(agoraLegacyRtc.Role) as number[]) {
      for (const user of [0, 42, 0xffffffff, '0', 'alice', 'first.last@example.com']) {
        for (const expiredTs of [0, now + 3600, 0xffffffff]) {
          const method = typeof user === 'number' ? 'buildTokenWithUid' : 'buildTokenWithAccount';
          const other = at(() =>
            agoraLegacyRtc.RtcTokenBuilder[method](A, C, 'room 7', user, role, expiredTs),
          );
          const mine = oursLegacy.RtcTokenBuilder[method](
            A,
            C,
            'room 7',
            user as never,
            role,
            expiredTs,
            opts,
          );
          expect(mine, `${method} ${user} ${role} ${expiredTs}`).toBe(other);
        }
      }
    }
    for (const user of ['alice', 'é😀', 'x'.repeat(64)]) {
      const other = at(() => agoraLegacyRtm.RtmTokenBuilder.buildToken(A, C, user, 1, now + 60));
      expect(
        oursLegacy.RtmTokenBuilder.buildToken(A, C, user, oursLegacy.RtmRole.Rtm_User, now + 60, opts),
      ).toBe(other);
    }
  });
});

describe('deliberate differences: where agora-token builds a token no client can use, a clear error', () => {
  // [what, call (the same on both), the field and code of our error]
  const cases: [string, (m: Module) => string, string, string][] = [
    [
      'empty channel',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, '', 1, 1, 600, 600),
      'channelName',
      'ERR_INVALID_CHANNEL_NAME',
    ],
    [
      'channel of 64 characters',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c'.repeat(64), 1, 1, 600),
      'channelName',
      'ERR_INVALID_CHANNEL_NAME',
    ],
    [
      'channel with a slash',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'a/b', 1, 1, 600),
      'channelName',
      'ERR_INVALID_CHANNEL_NAME',
    ],
    [
      'empty account',
      (m) => m.RtcTokenBuilder.buildTokenWithUserAccount(A, C, 'c', '', 1, 600),
      'uid',
      'ERR_INVALID_USER_ACCOUNT',
    ],
    [
      'non-ASCII account',
      (m) => m.RtcTokenBuilder.buildTokenWithUserAccount(A, C, 'c', 'José', 1, 600),
      'uid',
      'ERR_INVALID_USER_ACCOUNT',
    ],
    ['uid -1', (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', -1, 1, 600), 'uid', 'ERR_INVALID_UID'],
    ['uid 1.5', (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1.5, 1, 600), 'uid', 'ERR_INVALID_UID'],
    [
      'uid 2^32',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 2 ** 32, 1, 600),
      'uid',
      'ERR_INVALID_UID',
    ],
    [
      'token lifetime 0',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, 0),
      'tokenExpire',
      'ERR_INVALID_EXPIRE',
    ],
    [
      'token lifetime of a week',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, 604800),
      'tokenExpire',
      'ERR_EXPIRE_TOO_LONG',
    ],
    [
      'a unix time as the lifetime',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, TS + 3600, TS + 3600),
      'tokenExpire',
      'ERR_EXPIRE_TOO_LONG',
    ],
    [
      'privilege lifetime of a week',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, 600, 604800),
      'privilegeExpire',
      'ERR_EXPIRE_TOO_LONG',
    ],
    [
      'lifetime as a string',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 1, '600'),
      'tokenExpire',
      'ERR_INVALID_EXPIRE',
    ],
    [
      'role as a string',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, '1', 600),
      'role',
      'ERR_INVALID_ROLE',
    ],
    [
      'the 006 role ATTENDEE',
      (m) => m.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, 0, 600),
      'role',
      'ERR_INVALID_ROLE',
    ],
    [
      'the 006 role ADMIN',
      (m) => m.RtcTokenBuilder.buildTokenWithRtm(A, C, 'c', 'a', 101, 600),
      'role',
      'ERR_INVALID_ROLE',
    ],
    [
      'ConvoAI role as a string',
      (m) => m.ConvoAITokenBuilder.buildToken(A, C, 'c', 1, '1', 600, 0, 0, 0, 0, 'u', 600),
      'rtcRole',
      'ERR_INVALID_ROLE',
    ],
    ['empty RTM user', (m) => m.RtmTokenBuilder.buildToken(A, C, '', 600), 'userId', 'ERR_INVALID_USER_ID'],
    [
      'RTM user of 65 bytes',
      (m) => m.RtmTokenBuilder.buildToken(A, C, 'u'.repeat(65), 600),
      'userId',
      'ERR_INVALID_USER_ID',
    ],
    [
      'RTM user starting with a space',
      (m) => m.RtmTokenBuilder.buildToken(A, C, ' u', 600),
      'userId',
      'ERR_INVALID_USER_ID',
    ],
    ['RTM lifetime 0', (m) => m.RtmTokenBuilder.buildToken(A, C, 'u', 0), 'expire', 'ERR_INVALID_EXPIRE'],
    [
      'empty RTM2 user',
      (m) => m.RtmTokenBuilder.buildTokenWithPermissions(A, C, '', undefined, 600),
      'userId',
      'ERR_INVALID_USER_ID',
    ],
    [
      'empty Chat user',
      (m) => m.ChatTokenBuilder.buildUserToken(A, C, '', 600),
      'userUuid',
      'ERR_INVALID_USER_ID',
    ],
    [
      'RTM half of buildTokenWithRtm too long',
      (m) => m.RtcTokenBuilder.buildTokenWithRtm(A, C, 'c', 'a'.repeat(100), 1, 600),
      'account',
      'ERR_INVALID_USER_ID',
    ],
    [
      'empty APaaS room',
      (m) => m.ApaasTokenBuilder.buildRoomUserToken(A, C, '', 'u', 1, 600),
      'roomUuid',
      'ERR_INVALID_ARGUMENT',
    ],
  ];

  it.each(cases)('%s: agora-token builds a token, we throw TokenInputError', (_what, call, field, code) => {
    expect(decode007(call(agora)).services.length).toBeGreaterThan(0);
    const e = thrown(() => call(ours));
    expect({ field: e.field, code: e.code }).toEqual({ field, code });
    expect(e.message).toContain(field);
  });

  it('a 006 role given to a 007 builder: agora-token quietly drops the publish privileges', () => {
    for (const role of [0, 101]) {
      const other = decode007(agora.RtcTokenBuilder.buildTokenWithUid(A, C, 'c', 1, role, 600, 600));
      expect(other.services[0]!.privileges).toEqual({ 1: 600 });
    }
  });

  it('numeric user ids, on which agora-token throws a bare TypeError, are taken in their decimal form', () => {
    const calls: [string, (m: Module, user: number | string) => string][] = [
      ['rtm', (m, u) => m.RtmTokenBuilder.buildToken(A, C, u, 600, FIXED)],
      ['chat', (m, u) => m.ChatTokenBuilder.buildUserToken(A, C, u, 600, FIXED)],
      ['apaas user', (m, u) => m.ApaasTokenBuilder.buildUserToken(A, C, u, 600, FIXED)],
      ['apaas room user', (m, u) => m.ApaasTokenBuilder.buildRoomUserToken(A, C, 'r', u, 1, 600, FIXED)],
      ['rtc + rtm', (m, u) => m.RtcTokenBuilder.buildTokenWithRtm(A, C, 'c', u, 1, 600, 600, FIXED)],
    ];
    for (const [label, call] of calls) {
      expect(() => call(agora, 42), label).toThrow(TypeError);
      expect(call(ours, 42), label).toBe(call(ours, '42'));
    }
  });

  it("AccessToken2 called in agora-token's (appId, appCertificate, issueTs, expire) order is refused", () => {
    // agora-token's builders pass 0 for "now": taken as our `expire`, that would expire at once
    for (const options of [600, null, '600']) {
      const e = thrown(() => new ours.AccessToken2(A, C, 0, options as never));
      expect({ field: e.field, code: e.code }).toEqual({ field: 'options', code: 'ERR_INVALID_ARGUMENT' });
    }
    const t = new ours.AccessToken2(A, C, 600, FIXED)
      .addService(new ours.ServiceRtm('u').addPrivilege(ours.ServiceRtm.kPrivilegeLogin, 600))
      .build();
    expect(t).toBe(ours.RtmTokenBuilder.buildToken(A, C, 'u', 600, FIXED));
  });
});

describe('TypeScript', () => {
  const core = fileURLToPath(new URL('../../../', import.meta.url));
  const root = join(core, '../../');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');

  // Typical code against agora-token's index.d.ts: named imports (bundlers) and the default import Node's
  // ESM loader needs, a role variable that is reassigned, builders stored as plain functions.
  const named = `
import {
  ApaasTokenBuilder, ChatTokenBuilder, ConvoAITokenBuilder, EducationTokenBuilder, FpaTokenBuilder,
  RtcRole, RtcTokenBuilder, Rtm2Permissions, RtmTokenBuilder, SttTokenBuilder,
} from 'agora-token';

const appId = process.env.APP_ID ?? '';
const cert = process.env.APP_CERT ?? '';
let role = RtcRole.PUBLISHER;
if (process.env.AUDIENCE) role = RtcRole.SUBSCRIBER;
const roles: number[] = [RtcRole.PUBLISHER, RtcRole.SUBSCRIBER];
function roleFor(host: boolean): number {
  return host ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
}
const uid: string | number = Number(process.env.UID ?? 0);
const tokens: string[] = [
  RtcTokenBuilder.buildTokenWithUid(appId, cert, 'c', uid, role, 600, 600),
  RtcTokenBuilder.buildTokenWithUserAccount(appId, cert, 'c', 'alice', roleFor(true), 600, 600),
  RtcTokenBuilder.buildTokenWithUidAndPrivilege(appId, cert, 'c', 1, 600, 1, 2, 3, 4),
  RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(appId, cert, 'c', 'a', 600, 1, 2, 3, 4),
  RtcTokenBuilder.buildTokenWithRtm(appId, cert, 'c', 'a', RtcRole.PUBLISHER, 600, 600),
  RtcTokenBuilder.buildTokenWithRtm2(appId, cert, 'c', 'a', role, 600, 1, 2, 3, 4, 'u', 600),
  ConvoAITokenBuilder.buildToken(appId, cert, 'c', 1, RtcRole.PUBLISHER, 600, 1, 2, 3, 4, 'u', 600),
  SttTokenBuilder.buildToken(appId, cert, 'c', 'a', RtcRole.SUBSCRIBER, 600, 1, 2, 3, 4, 2, 600),
  RtmTokenBuilder.buildToken(appId, cert, 'u', 600),
  ChatTokenBuilder.buildUserToken(appId, cert, 'u', 600),
  ChatTokenBuilder.buildAppToken(appId, cert, 600),
  FpaTokenBuilder.buildToken(appId, cert),
  ApaasTokenBuilder.buildRoomUserToken(appId, cert, 'r', 'u', 1, 600),
  ApaasTokenBuilder.buildUserToken(appId, cert, 'u', 600),
  EducationTokenBuilder.buildAppToken(appId, cert, 600),
];
const permissions: Rtm2Permissions = new Rtm2Permissions();
permissions.add(Rtm2Permissions.kMessageChannels, Rtm2Permissions.kRead, ['a']);
const details: { [resource: number]: { [permission: number]: string[] } } = permissions.details;
permissions.details = {};
tokens.push(RtmTokenBuilder.buildTokenWithPermissions(appId, cert, 'u', permissions, 600));
type Build = (a: string, b: string, c: string, d: string | number, e: number, f: number, g: number) => string;
const builders: Build[] = [RtcTokenBuilder.buildTokenWithUid, RtcTokenBuilder.buildTokenWithRtm];
const same: typeof RtcTokenBuilder.buildTokenWithUserAccount = RtcTokenBuilder.buildTokenWithUserAccount;
console.log(tokens, roles, details, builders, same);
`;
  const defaultImport = `
import agora from 'agora-token';

const { RtcTokenBuilder, RtcRole } = agora;
let role = RtcRole.SUBSCRIBER;
role = RtcRole.PUBLISHER;
const token: string = RtcTokenBuilder.buildTokenWithUid('a', 'b', 'c', 1, role, 600, 600);
const rtm: string = agora.RtmTokenBuilder.buildTokenWithPermissions('a', 'b', 'u', new agora.Rtm2Permissions(), 60);
console.log(token, rtm, agora.Rtm2Permissions.kUsers);
`;

  function compile(dir: string, agoraToken: string): { status: number | null; output: string } {
    const config = join(dir, `tsconfig.${agoraToken === 'ours' ? 'ours' : 'agora'}.json`);
    const target =
      agoraToken === 'ours' ? join(core, 'src/index.ts') : join(core, 'node_modules/agora-token/index.d.ts');
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
          paths: { 'agora-token': [target] },
        },
        files: ['named.ts', 'default.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  it("a program written against agora-token's typings compiles against @tokenfn/core unchanged", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-dropin-'));
    try {
      writeFileSync(join(dir, 'named.ts'), named);
      writeFileSync(join(dir, 'default.ts'), defaultImport);
      // the program is valid agora-token code...
      expect(compile(dir, 'agora')).toEqual({ status: 0, output: '' });
      // ...and compiles as it is with 'agora-token' resolved to this library
      expect(compile(dir, 'ours')).toEqual({ status: 0, output: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
