// diagnoseToken: every finding from a real token, built by this library and by the official builders
// (agora-token 2.0.6 for 007, agora-access-token 2.0.4 for 006), judged at an injected time.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken,
  buildRtmToken,
  DEMO_CREDENTIALS,
  type DiagnosisIntent,
  diagnoseToken,
  type Finding,
  ServiceRtc,
  TokenInputError,
} from '../src/index.js';
import { encodeAccessToken2 } from '../src/token/access-token2.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const agora: any = require('agora-token');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementations
const legacy: any = require('agora-access-token');

const creds = {
  appId: '0123456789abcdef0123456789abcdef',
  appCertificate: 'fedcba9876543210fedcba9876543210',
};
const T = 1_790_000_000; // the issue time of library-built fixtures
const at = { issueTs: T, salt: 4242 };

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error').map((f) => f.code);
const rtc = (
  channel: string,
  user: { uid: number } | { account: string },
  role: 'publisher' | 'subscriber' = 'publisher',
) => buildRtcToken(creds, { channel, ...user, role, expiresIn: 3600 }, at);
const ok = (intent: DiagnosisIntent): DiagnosisIntent => intent;
/** The issue time of an official builder's 007 token (it reads the clock itself). */
const issuedAt = (token: string) => (diagnoseToken(token).decoded as { issueTs: number }).issueTs;

describe('diagnoseToken: a token that allows the intent', () => {
  it('has no error, and with the certificate a matching signature', () => {
    const token = rtc('demo', { uid: 42 });
    const d = diagnoseToken(
      token,
      { product: 'rtc', channel: 'demo', uid: 42, publish: true },
      {
        now: T + 60,
        appId: creds.appId,
        appCertificate: creds.appCertificate,
      },
    );
    expect(d.allowsIntent).toBe(true);
    expect(codes(d.findings)).toEqual(['SIGNATURE_VALID']);
    expect(d.decoded).toMatchObject({ version: '007', appId: creds.appId, issueTs: T, expire: 3600 });
  });

  it('a token for uid 0 lets any uid join (a note, not an error)', () => {
    const d = diagnoseToken(
      rtc('demo', { uid: 0 }),
      { product: 'rtc', channel: 'demo', uid: 42 },
      { now: T },
    );
    expect(d.allowsIntent).toBe(true);
    expect(codes(d.findings)).toEqual(['UID_ANY']);
  });

  it('without an intent, only what is wrong with the token itself', () => {
    expect(diagnoseToken(rtc('demo', { uid: 42 }), undefined, { now: T + 1 })).toMatchObject({
      findings: [],
      allowsIntent: true,
    });
  });
});

describe('diagnoseToken: time', () => {
  it('TOKEN_EXPIRED after issue + expire, with the time it expired', () => {
    const d = diagnoseToken(rtc('demo', { uid: 42 }), undefined, { now: T + 3600 + 7200 });
    expect(d.allowsIntent).toBe(false);
    expect(d.findings[0]).toMatchObject({ code: 'TOKEN_EXPIRED', severity: 'error' });
    expect(d.findings[0]?.message).toContain('2 h ago');
    expect(d.findings[0]?.message).toContain(new Date((T + 3600) * 1000).toISOString().replace('.000Z', 'Z'));
    // one second before, it still works, but expires soon
    const soon = diagnoseToken(rtc('demo', { uid: 42 }), undefined, { now: T + 3599 });
    expect(soon.allowsIntent).toBe(true);
    expect(codes(soon.findings)).toEqual(['EXPIRES_SOON']);
  });

  it('PRIVILEGE_EXPIRED: a publish privilege shorter than the token is an error only for a publisher', () => {
    const token = buildRtcToken(
      creds,
      {
        channel: 'demo',
        uid: 42,
        role: 'publisher',
        expiresIn: 3600,
        privileges: { publishAudio: 600, publishVideo: 600 },
      },
      at,
    );
    const publishing = diagnoseToken(
      token,
      { product: 'rtc', channel: 'demo', uid: 42, publish: true },
      { now: T + 900 },
    );
    expect(errors(publishing.findings)).toEqual(['PRIVILEGE_EXPIRED', 'PRIVILEGE_EXPIRED']);
    expect(publishing.findings[0]?.message).toContain('rtc publish audio privilege expired 5 min ago');
    const watching = diagnoseToken(
      token,
      { product: 'rtc', channel: 'demo', uid: 42, publish: false },
      { now: T + 900 },
    );
    expect(watching.allowsIntent).toBe(true);
    expect(watching.findings.map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('ISSUED_IN_FUTURE when the issuer’s clock is ahead', () => {
    const d = diagnoseToken(rtc('demo', { uid: 42 }), undefined, { now: T - 600 });
    expect(codes(d.findings)).toEqual(['ISSUED_IN_FUTURE']);
    expect(d.findings[0]?.message).toContain('10 min in the future');
    expect(codes(diagnoseToken(rtc('demo', { uid: 42 }), undefined, { now: T - 30 }).findings)).toEqual([]);
  });

  it('LIFETIME_OVER_24H (agora-token builds what this library refuses); expiry judged at 24 h', () => {
    const token = agora.RtcTokenBuilder.buildTokenWithUid(
      creds.appId,
      creds.appCertificate,
      'demo',
      42,
      1,
      2 * 86400,
      0,
    );
    const issued = issuedAt(token);
    const d = diagnoseToken(token, { product: 'rtc', channel: 'demo', uid: 42 }, { now: issued + 60 });
    expect(codes(d.findings)).toEqual(['LIFETIME_OVER_24H']);
    expect(d.findings[0]?.message).toContain('2 d (172800 s)');
    const late = diagnoseToken(token, undefined, { now: issued + 86400 + 60 });
    expect(codes(late.findings)).toEqual(['TOKEN_EXPIRED', 'LIFETIME_OVER_24H']);
    expect(late.findings[0]?.message).toContain('24 hours after issue');
    // the same from this library's own encoder, which packs whatever it is given
    const ours = encodeAccessToken2(creds.appId, creds.appCertificate, T, 2 * 86400, 1, [
      new ServiceRtc('demo', 42).addPrivilege(ServiceRtc.kPrivilegeJoinChannel, 0),
    ]);
    expect(codes(diagnoseToken(ours, undefined, { now: T }).findings)).toEqual(['LIFETIME_OVER_24H']);
  });

  it('LIFETIME_LOOKS_LIKE_TIMESTAMP: a unix time passed as seconds from now (the 006 habit)', () => {
    const expireTs = Math.floor(Date.now() / 1000) + 3600;
    const token = agora.RtcTokenBuilder.buildTokenWithUid(
      creds.appId,
      creds.appCertificate,
      'demo',
      42,
      1,
      expireTs,
      expireTs,
    );
    const d = diagnoseToken(
      token,
      { product: 'rtc', channel: 'demo', uid: 42 },
      { now: issuedAt(token) + 5 },
    );
    expect(codes(d.findings)).toEqual(['LIFETIME_LOOKS_LIKE_TIMESTAMP', 'LIFETIME_LOOKS_LIKE_TIMESTAMP']);
    expect(d.findings[0]?.message).toContain(`${expireTs} seconds, which is a unix timestamp`);
    expect(d.findings[1]?.message).toContain('rtc join channel');
    expect(d.findings[0]?.fix).toContain('seconds from now');
  });
});

describe('diagnoseToken: channel and user', () => {
  const join = (channel: string, user: { uid: number } | { account: string }) =>
    ok({ product: 'rtc', channel, ...user });

  it('CHANNEL_MISMATCH and CHANNEL_CASE_MISMATCH', () => {
    const token = rtc('Lobby', { uid: 42 });
    const other = diagnoseToken(token, join('stage', { uid: 42 }), { now: T });
    expect(errors(other.findings)).toEqual(['CHANNEL_MISMATCH']);
    expect(other.findings[0]?.message).toBe('the token is for channel "Lobby", your app joins "stage"');
    const cased = diagnoseToken(token, join('lobby', { uid: 42 }), { now: T });
    expect(errors(cased.findings)).toEqual(['CHANNEL_CASE_MISMATCH']);
    expect(cased.findings[0]?.fix).toBe('build the token for "lobby" exactly, or join "Lobby"');
    const spaced = diagnoseToken(token, join('Lobby ', { uid: 42 }), { now: T });
    expect(spaced.findings[0]?.message).toContain('differ in spaces at the ends');
  });

  it('UID_TYPE_ACCOUNT_VS_UID: a user account where the app joins with a numeric uid', () => {
    const d = diagnoseToken(rtc('demo', { account: 'alice' }), join('demo', { uid: 42 }), { now: T });
    expect(errors(d.findings)).toEqual(['UID_TYPE_ACCOUNT_VS_UID']);
    expect(d.findings[0]?.message).toBe(
      'this token is for the user account "alice"; your app joins with the numeric uid 42',
    );
    expect(d.findings[0]?.fix).toBe(
      'build it with uid: 42, or join with joinChannelWithUserAccount("alice")',
    );
    // an account that only looks like the uid ("042") is still an account
    const padded = diagnoseToken(rtc('demo', { account: '042' }), join('demo', { uid: 42 }), { now: T });
    expect(errors(padded.findings)).toEqual(['UID_TYPE_ACCOUNT_VS_UID']);
    // an account spelled exactly like the uid packs the same bytes as the uid: it works
    expect(
      diagnoseToken(rtc('demo', { account: '42' }), join('demo', { uid: 42 }), { now: T }).allowsIntent,
    ).toBe(true);
  });

  it('UID_TYPE_UID_VS_ACCOUNT: a numeric uid where the app joins with a user account', () => {
    const d = diagnoseToken(rtc('demo', { uid: 42 }), join('demo', { account: 'alice' }), { now: T });
    expect(errors(d.findings)).toEqual(['UID_TYPE_UID_VS_ACCOUNT']);
    expect(d.findings[0]?.message).toBe(
      'this token is for the numeric uid 42; your app joins with the user account "alice"',
    );
    const anyUid = diagnoseToken(rtc('demo', { uid: 0 }), join('demo', { account: 'alice' }), { now: T });
    expect(anyUid.findings[0]).toMatchObject({ code: 'UID_TYPE_UID_VS_ACCOUNT', severity: 'warning' });
  });

  it('UID_ZERO: the app joins with uid 0 but the token is for a fixed uid', () => {
    const d = diagnoseToken(rtc('demo', { uid: 42 }), join('demo', { uid: 0 }), { now: T });
    expect(errors(d.findings)).toEqual(['UID_ZERO']);
    expect(d.findings[0]?.fix).toBe('join with uid 42, or build the token with uid: 0 (any uid)');
  });

  it('UID_MISMATCH for another uid and another account (also one that differs only in case)', () => {
    expect(
      errors(diagnoseToken(rtc('demo', { uid: 42 }), join('demo', { uid: 43 }), { now: T }).findings),
    ).toEqual(['UID_MISMATCH']);
    const cased = diagnoseToken(rtc('demo', { account: 'Alice' }), join('demo', { account: 'alice' }), {
      now: T,
    });
    expect(errors(cased.findings)).toEqual(['UID_MISMATCH']);
    expect(cased.findings[0]?.message).toContain('case-sensitive');
  });

  it('NO_PUBLISH_PRIVILEGE: a subscriber token used to publish', () => {
    const token = rtc('demo', { uid: 42 }, 'subscriber');
    const d = diagnoseToken(token, { product: 'rtc', channel: 'demo', uid: 42, publish: true }, { now: T });
    expect(errors(d.findings)).toEqual(['NO_PUBLISH_PRIVILEGE']);
    expect(diagnoseToken(token, { product: 'rtc', channel: 'demo', uid: 42 }, { now: T }).allowsIntent).toBe(
      true,
    );
  });

  it('USER_ID_MISMATCH for RTM and Chat', () => {
    const rtm = buildRtmToken(creds, { userId: 'alice', expiresIn: 600 }, at);
    expect(errors(diagnoseToken(rtm, { product: 'rtm', userId: 'bob' }, { now: T }).findings)).toEqual([
      'USER_ID_MISMATCH',
    ]);
    expect(diagnoseToken(rtm, { product: 'rtm', userId: 'alice' }, { now: T }).allowsIntent).toBe(true);
    const chat = buildChatUserToken(creds, { userId: 'alice', expiresIn: 600 }, at);
    const d = diagnoseToken(chat, { product: 'chat', userId: 'Alice' }, { now: T });
    expect(errors(d.findings)).toEqual(['USER_ID_MISMATCH']);
    expect(d.findings[0]?.message).toContain('user ids are case-sensitive');
  });
});

describe('diagnoseToken: product', () => {
  it('WRONG_PRODUCT: an RTC token used to log in to RTM, and the reverse', () => {
    const d = diagnoseToken(rtc('demo', { uid: 42 }), { product: 'rtm', userId: '42' }, { now: T });
    expect(errors(d.findings)).toEqual(['WRONG_PRODUCT']);
    expect(d.findings[0]?.message).toBe('this is a token for RTC, not RTM: RTM login is refused');
    expect(d.findings[0]?.fix).toContain('rtmUserId');
    const rtm = buildRtmToken(creds, { userId: 'alice', expiresIn: 600 }, at);
    expect(
      errors(diagnoseToken(rtm, { product: 'rtc', channel: 'demo', uid: 42 }, { now: T }).findings),
    ).toEqual(['WRONG_PRODUCT']);
    // an RTC token with RTM login added is good for both
    const both = buildRtcToken(
      creds,
      { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600, rtmUserId: 'alice' },
      at,
    );
    expect(diagnoseToken(both, { product: 'rtm', userId: 'alice' }, { now: T }).allowsIntent).toBe(true);
    expect(diagnoseToken(both, { product: 'rtc', channel: 'demo', uid: 42 }, { now: T }).allowsIntent).toBe(
      true,
    );
  });

  it('CHAT_APP_TOKEN: a Chat app token used by a user', () => {
    const app = buildChatAppToken(creds, { expiresIn: 600 }, at);
    expect(errors(diagnoseToken(app, { product: 'chat', userId: 'alice' }, { now: T }).findings)).toEqual([
      'CHAT_APP_TOKEN',
    ]);
    expect(errors(diagnoseToken(app, { product: 'rtc', channel: 'x' }, { now: T }).findings)).toEqual([
      'WRONG_PRODUCT',
    ]);
  });
});

describe('diagnoseToken: App ID and signature', () => {
  const token = rtc('demo', { uid: 42 });

  it('APP_ID_MISMATCH, also when only the letter case differs', () => {
    const other = diagnoseToken(token, undefined, { now: T, appId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(errors(other.findings)).toEqual(['APP_ID_MISMATCH']);
    const cased = diagnoseToken(token, undefined, { now: T, appId: creds.appId.toUpperCase() });
    expect(cased.findings[0]?.message).toContain('only in letter case');
  });

  it('SIGNATURE_MISMATCH with another certificate, or with the App ID given as certificate', () => {
    const wrong = diagnoseToken(token, undefined, {
      now: T,
      appCertificate: '11111111111111111111111111111111',
    });
    expect(errors(wrong.findings)).toEqual(['SIGNATURE_MISMATCH']);
    const appId = diagnoseToken(token, undefined, { now: T, appCertificate: creds.appId });
    expect(appId.findings[0]?.message).toContain('the certificate given is the App ID itself');
    const tampered = `${token.slice(0, -6)}${token.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    const d = diagnoseToken(tampered, undefined, { now: T, appCertificate: creds.appCertificate });
    expect(d.allowsIntent).toBe(false);
  });

  it('CERTIFICATE_INVALID: a certificate that is not 32 hex is not used, and not shown', () => {
    const d = diagnoseToken(token, undefined, { now: T, appCertificate: ` ${creds.appCertificate}` });
    expect(d.findings).toEqual([
      expect.objectContaining({ code: 'CERTIFICATE_INVALID', severity: 'warning' }),
    ]);
    expect(JSON.stringify(d.findings)).not.toContain(creds.appCertificate);
  });

  it('DEMO_APP_ID: a token for Agora’s public demo project', () => {
    const demo = buildRtmToken(DEMO_CREDENTIALS, { userId: 'a', expiresIn: 600 }, at);
    expect(diagnoseToken(demo, undefined, { now: T }).findings).toEqual([
      expect.objectContaining({ code: 'DEMO_APP_ID', severity: 'info' }),
    ]);
  });
});

describe('diagnoseToken: malformed tokens and intents', () => {
  it('MALFORMED, never thrown, with a fix for the usual copy-paste mistakes', () => {
    const token = rtc('demo', { uid: 42 });
    const cases: Array<[string, string]> = [
      [`"${token}"`, 'remove the quotes'],
      [`Bearer ${token}`, 'without "Bearer "'],
      [JSON.stringify({ token }), 'its "token" field'],
      [`${token.slice(0, 60)}\n${token.slice(60)}`, 'line breaks'],
      [token.slice(0, 40), 'copy the whole token again'],
      ['hello', 'copy the whole token again'],
    ];
    for (const [input, fix] of cases) {
      const d = diagnoseToken(input, { product: 'rtc', channel: 'demo' });
      expect(d).toEqual({
        findings: [expect.objectContaining({ code: 'MALFORMED', severity: 'error' })],
        allowsIntent: false,
      });
      expect(d.findings[0]?.fix).toContain(fix);
      expect(d.findings[0]?.message).not.toContain(token.slice(3, 40));
    }
    expect(diagnoseToken(42 as unknown as string).findings[0]?.code).toBe('MALFORMED');
  });

  it('a self-contradicting intent is a TokenInputError naming the field', () => {
    const token = rtc('demo', { uid: 42 });
    const bad = [
      [{ product: 'rtc', uid: 1, account: 'a' }, 'intent.account'],
      [{ product: 'rtc', uid: -1 }, 'intent.uid'],
      [{ product: 'rtc', uid: 2 ** 32 }, 'intent.uid'],
      [{ product: 'video' }, 'intent.product'],
      [{ product: 'rtm', userId: 5 }, 'intent.userId'],
    ] as const;
    for (const [intent, field] of bad) {
      expect(() => diagnoseToken(token, intent as unknown as DiagnosisIntent)).toThrow(
        expect.objectContaining({ name: 'TokenInputError', field }),
      );
    }
    expect(() => diagnoseToken(token, null as unknown as DiagnosisIntent)).toThrow(TokenInputError);
  });

  it('maxInflatedBytes is passed to the decoder', () => {
    const token = rtc('demo', { uid: 42 });
    expect(diagnoseToken(token, undefined, { maxInflatedBytes: 16 }).findings[0]?.code).toBe('MALFORMED');
  });
});

describe('diagnoseToken: text from a hostile token', () => {
  it('is quoted with everything outside printable ASCII escaped (controls, C1, bidi overrides)', () => {
    const hostile = 'a\u001b[2J\u009b\u202eb\u00e9';
    const token = encodeAccessToken2(creds.appId, creds.appCertificate, T, 600, 1, [
      new ServiceRtc(hostile, hostile).addPrivilege(ServiceRtc.kPrivilegeJoinChannel, 0),
    ]);
    const d = diagnoseToken(token, { product: 'rtc', channel: 'x', uid: 1 }, { now: T });
    expect(errors(d.findings)).toEqual(['CHANNEL_MISMATCH', 'UID_TYPE_ACCOUNT_VS_UID']);
    for (const f of d.findings) expect(`${f.message} ${f.fix}`).toMatch(/^[\x20-\x7e]*$/);
    expect(d.findings[0]?.message).toContain('"a\\u001b[2J\\u009b\\u202eb\\u00e9"');
  });
});

describe('diagnoseToken: findings are sorted worst first', () => {
  it('errors, then warnings, then notes', () => {
    const token = agora.RtcTokenBuilder.buildTokenWithUserAccount(
      DEMO_CREDENTIALS.appId,
      DEMO_CREDENTIALS.appCertificate,
      'Demo',
      'alice',
      2,
      2 * 86400,
    );
    const d = diagnoseToken(
      token,
      { product: 'rtc', channel: 'demo', uid: 7, publish: true },
      { now: issuedAt(token) },
    );
    expect(d.findings.map((f) => `${f.severity} ${f.code}`)).toEqual([
      'error CHANNEL_CASE_MISMATCH',
      'error UID_TYPE_ACCOUNT_VS_UID',
      'error NO_PUBLISH_PRIVILEGE',
      'warning LIFETIME_OVER_24H',
      'info DEMO_APP_ID',
    ]);
  });
});

describe('diagnoseToken on the official builders’ 007 tokens', () => {
  it('uid, account, subscriber, RTM and Chat tokens of agora-token', () => {
    const { appId, appCertificate } = creds;
    const byAccount = agora.RtcTokenBuilder.buildTokenWithUserAccount(
      appId,
      appCertificate,
      'demo',
      'alice',
      1,
      600,
    );
    const now = issuedAt(byAccount);
    expect(
      errors(diagnoseToken(byAccount, { product: 'rtc', channel: 'demo', uid: 42 }, { now }).findings),
    ).toEqual(['UID_TYPE_ACCOUNT_VS_UID']);
    const byUid = agora.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'demo', 42, 2, 600);
    const d = diagnoseToken(
      byUid,
      { product: 'rtc', channel: 'Demo', account: 'alice', publish: true },
      { now, appCertificate },
    );
    expect(errors(d.findings)).toEqual([
      'CHANNEL_CASE_MISMATCH',
      'UID_TYPE_UID_VS_ACCOUNT',
      'NO_PUBLISH_PRIVILEGE',
    ]);
    expect(codes(d.findings)).toContain('SIGNATURE_VALID');
    const rtm = agora.RtmTokenBuilder.buildToken(appId, appCertificate, 'alice', 600);
    expect(errors(diagnoseToken(rtm, { product: 'rtc', channel: 'demo' }, { now }).findings)).toEqual([
      'WRONG_PRODUCT',
    ]);
    expect(errors(diagnoseToken(rtm, { product: 'rtm', userId: 'bob' }, { now }).findings)).toEqual([
      'USER_ID_MISMATCH',
    ]);
    const chatApp = agora.ChatTokenBuilder.buildAppToken(appId, appCertificate, 600);
    expect(errors(diagnoseToken(chatApp, { product: 'chat', userId: 'alice' }, { now }).findings)).toEqual([
      'CHAT_APP_TOKEN',
    ]);
    expect(errors(diagnoseToken(byUid, { product: 'rtc' }, { now: now + 601 }).findings)).toEqual([
      'TOKEN_EXPIRED',
    ]);
    expect(
      errors(
        diagnoseToken(byUid, undefined, { now, appCertificate: '22222222222222222222222222222222' }).findings,
      ),
    ).toEqual(['SIGNATURE_MISMATCH']);
  });
});

describe('diagnoseToken on 006 tokens (agora-access-token)', () => {
  const { appId, appCertificate } = creds;
  const expiresAt = 1_800_000_000;
  const token006 = legacy.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'Lobby', 42, 1, expiresAt);
  const now = expiresAt - 600;

  it('a matching intent, with the signature checked from the intent’s channel and uid', () => {
    const d = diagnoseToken(
      token006,
      { product: 'rtc', channel: 'Lobby', uid: 42, publish: true },
      { now, appCertificate },
    );
    expect(codes(d.findings)).toEqual(['SIGNATURE_VALID']);
    const unchecked = diagnoseToken(token006, { product: 'rtc' }, { now, appCertificate });
    expect(codes(unchecked.findings)).toEqual(['SIGNATURE_NOT_CHECKED']);
    const wrong = diagnoseToken(
      token006,
      { product: 'rtc', channel: 'Lobby', uid: 42 },
      {
        now,
        appCertificate: '33333333333333333333333333333333',
      },
    );
    expect(errors(wrong.findings)).toEqual(['SIGNATURE_MISMATCH']);
  });

  it('channel (and its case, found from the checksum), uid, uid 0 and publishing', () => {
    const cased = diagnoseToken(
      token006,
      { product: 'rtc', channel: 'lobby', uid: 42 },
      { now, appCertificate },
    );
    expect(codes(cased.findings)).toEqual(['CHANNEL_CASE_MISMATCH', 'SIGNATURE_NOT_CHECKED']);
    expect(cased.findings[0]?.message).toContain('"Lobby"');
    expect(errors(diagnoseToken(token006, { product: 'rtc', channel: 'stage' }, { now }).findings)).toEqual([
      'CHANNEL_MISMATCH',
    ]);
    expect(
      errors(diagnoseToken(token006, { product: 'rtc', channel: 'Lobby', uid: 7 }, { now }).findings),
    ).toEqual(['UID_MISMATCH']);
    expect(
      errors(diagnoseToken(token006, { product: 'rtc', channel: 'Lobby', uid: 0 }, { now }).findings),
    ).toEqual(['UID_ZERO']);
    const sub = legacy.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'Lobby', 0, 2, expiresAt);
    const d = diagnoseToken(sub, { product: 'rtc', channel: 'Lobby', uid: 9, publish: true }, { now });
    expect(codes(d.findings)).toEqual(['NO_PUBLISH_PRIVILEGE', 'UID_ANY']);
  });

  it('expired; a duration passed where 006 wants a unix time; over 24 h; the wrong product', () => {
    expect(errors(diagnoseToken(token006, undefined, { now: expiresAt + 1 }).findings)).toEqual([
      'TOKEN_EXPIRED',
    ]);
    const duration = legacy.RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'Lobby', 42, 1, 3600);
    expect(codes(diagnoseToken(duration, undefined, { now }).findings)).toEqual([
      'TOKEN_EXPIRED',
      'EXPIRY_LOOKS_LIKE_DURATION',
    ]);
    expect(codes(diagnoseToken(token006, undefined, { now: expiresAt - 3 * 86400 }).findings)).toEqual([
      'LIFETIME_OVER_24H',
    ]);
    const rtm = legacy.RtmTokenBuilder.buildToken(appId, appCertificate, 'alice', 1, expiresAt);
    expect(errors(diagnoseToken(rtm, { product: 'rtc', channel: 'alice' }, { now }).findings)).toEqual([
      'WRONG_PRODUCT',
    ]);
    expect(errors(diagnoseToken(token006, { product: 'rtm', userId: 'alice' }, { now }).findings)).toEqual([
      'WRONG_PRODUCT',
    ]);
    expect(errors(diagnoseToken(rtm, { product: 'rtm', userId: 'bob' }, { now }).findings)).toEqual([
      'USER_ID_MISMATCH',
    ]);
    expect(
      codes(diagnoseToken(rtm, { product: 'rtm', userId: 'alice' }, { now, appCertificate }).findings),
    ).toEqual(['SIGNATURE_VALID']);
    expect(errors(diagnoseToken(token006, { product: 'chat' }, { now }).findings)).toEqual(['WRONG_PRODUCT']);
  });
});

describe('diagnoseToken: cost', () => {
  it('decodes and diagnoses a normal token in well under a millisecond', () => {
    const token = rtc('demo', { uid: 42 });
    const intent = ok({ product: 'rtc', channel: 'demo', uid: 42, publish: true });
    for (let i = 0; i < 200; i++) diagnoseToken(token, intent, { now: T });
    const runs = 2000;
    const start = performance.now();
    for (let i = 0; i < runs; i++)
      diagnoseToken(token, intent, { now: T, appCertificate: creds.appCertificate });
    expect((performance.now() - start) / runs).toBeLessThan(1);
  });
});
