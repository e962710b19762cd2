// Agora's input rules (the validators) and the high-level builders that apply them.
import { describe, expect, it } from 'vitest';
import {
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken,
  buildRtmToken,
  DEMO_CREDENTIALS,
  type DecodedToken007,
  decodeToken,
  MAX_EXPIRE_SECONDS,
  TokenfnError,
  TokenInputError,
  validateAppCertificate,
  validateAppId,
  validateChannelName,
  validateExpiresIn,
  validateRtmUserId,
  validateUid,
  validateUserAccount,
  verifyToken,
} from '../../src/index.js';

function inputError(fn: () => unknown): TokenInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TokenInputError);
    expect(e).toBeInstanceOf(TokenfnError);
    return e as TokenInputError;
  }
  throw new Error('expected a TokenInputError');
}

const FIXED = { issueTs: 1_700_000_000, salt: 42 };

describe('validators', () => {
  it('App ID and certificate: exactly 32 hex characters; the certificate is never echoed', () => {
    expect(validateAppId('970CA35de60c44645bbae8a215061b33')).toBe('970CA35de60c44645bbae8a215061b33');
    for (const bad of ['', '970CA35de60c44645bbae8a215061b3', '970CA35de60c44645bbae8a215061b3g', 42, null]) {
      expect(inputError(() => validateAppId(bad)).code).toBe('ERR_INVALID_APP_ID');
    }
    const secretish = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
    const e = inputError(() => validateAppCertificate(secretish, 'cert'));
    expect(e.code).toBe('ERR_INVALID_APP_CERTIFICATE');
    expect(e.field).toBe('cert');
    expect(e.message).not.toContain(secretish);
  });

  it('channel: 1..63 characters from the documented set', () => {
    const allowed = 'aZ09 !#$%&()+-:;<=.>?@[]^_{}|~,';
    expect(validateChannelName(allowed)).toBe(allowed);
    expect(validateChannelName('x'.repeat(63))).toHaveLength(63);
    for (const bad of ['', 'x'.repeat(64), 'a/b', 'é', 'a"b', "a'b", 'a*b', 'a\\b', 'a`b', 'a\nb']) {
      const e = inputError(() => validateChannelName(bad));
      expect(e.code).toBe('ERR_INVALID_CHANNEL_NAME');
      expect(e.field).toBe('channel');
    }
    expect(inputError(() => validateChannelName('a/b')).message).toContain('allowed');
  });

  it('uid: integers 0..2^32-1, numbers only (the string "0" is not the wildcard)', () => {
    expect(validateUid(0)).toBe(0);
    expect(validateUid(4294967295)).toBe(4294967295);
    for (const bad of [-1, 4294967296, 1.5, Number.NaN, '0', '12']) {
      expect(inputError(() => validateUid(bad)).code).toBe('ERR_INVALID_UID');
    }
  });

  it('user account 1..255 bytes in the channel set; RTM user id 1..64 bytes, no leading space', () => {
    expect(validateUserAccount('a'.repeat(255))).toHaveLength(255);
    for (const bad of ['', 'a'.repeat(256), 'a/b', 7]) {
      expect(inputError(() => validateUserAccount(bad)).code).toBe('ERR_INVALID_USER_ACCOUNT');
    }
    expect(validateRtmUserId('a b')).toBe('a b');
    expect(validateRtmUserId('é'.repeat(32))).toHaveLength(32);
    for (const bad of ['', ' a', 'é'.repeat(33), 'x'.repeat(65), 5]) {
      expect(inputError(() => validateRtmUserId(bad)).code).toBe('ERR_INVALID_USER_ID');
    }
  });

  it('expiresIn: 1..86400 seconds; a unix timestamp gets a message saying expire is seconds from now', () => {
    expect(MAX_EXPIRE_SECONDS).toBe(86400);
    expect(validateExpiresIn(86400)).toBe(86400);
    expect(inputError(() => validateExpiresIn(0)).code).toBe('ERR_INVALID_EXPIRE');
    expect(inputError(() => validateExpiresIn(1.5)).code).toBe('ERR_INVALID_EXPIRE');
    const ts = inputError(() => validateExpiresIn(1764300000));
    expect(ts.code).toBe('ERR_EXPIRE_TOO_LONG');
    expect(ts.field).toBe('expiresIn');
    expect(ts.message).toMatch(/seconds from now/);
    expect(ts.message).toMatch(/unix timestamp/);
    const lower = inputError(() => validateExpiresIn(601, 'ttl', 600));
    expect(lower.field).toBe('ttl');
    expect(lower.message).toContain('600');
  });
});

describe('high-level API', () => {
  const decode = (t: string) => decodeToken(t) as DecodedToken007;

  it('buildRtcToken: publisher by uid, privileges default to expiresIn, optional RTM login', () => {
    const t = buildRtcToken(
      DEMO_CREDENTIALS,
      { channel: 'room', uid: 7, role: 'publisher', expiresIn: 600, rtmUserId: 'u7' },
      FIXED,
    );
    expect(decode(t)).toEqual({
      version: '007',
      appId: DEMO_CREDENTIALS.appId,
      issueTs: FIXED.issueTs,
      expire: 600,
      salt: 42,
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      services: [
        {
          type: 1,
          name: 'rtc',
          privileges: { 1: 600, 2: 600, 3: 600, 4: 600 },
          channelName: 'room',
          uid: '7',
        },
        { type: 2, name: 'rtm', privileges: { 1: 600 }, userId: 'u7' },
      ],
    });
    expect(verifyToken(t, DEMO_CREDENTIALS.appCertificate)).toBe(true);
  });

  it('buildRtcToken: subscriber by account joins only; uid 0 packs as ""; custom privileges', () => {
    const s = decode(
      buildRtcToken(
        DEMO_CREDENTIALS,
        { channel: 'room', account: 'ann', role: 'subscriber', expiresIn: 60 },
        FIXED,
      ),
    );
    expect(s.services).toEqual([
      { type: 1, name: 'rtc', privileges: { 1: 60 }, channelName: 'room', uid: 'ann' },
    ]);
    const p = decode(
      buildRtcToken(
        DEMO_CREDENTIALS,
        {
          channel: 'room',
          uid: 0,
          role: 'publisher',
          expiresIn: 600,
          privileges: { join: 0, publishVideo: 30 },
        },
        FIXED,
      ),
    );
    expect(p.services[0]).toMatchObject({ uid: '', privileges: { 1: 0, 2: 600, 3: 30, 4: 600 } });
  });

  it('buildRtcToken rejects what it must', () => {
    const base = { channel: 'room', role: 'publisher' as const, expiresIn: 600 };
    expect(inputError(() => buildRtcToken(DEMO_CREDENTIALS, { ...base }, FIXED)).code).toBe(
      'ERR_UID_OR_ACCOUNT',
    );
    expect(
      inputError(() => buildRtcToken(DEMO_CREDENTIALS, { ...base, uid: 1, account: 'a' }, FIXED)).code,
    ).toBe('ERR_UID_OR_ACCOUNT');
    expect(
      inputError(() => buildRtcToken(DEMO_CREDENTIALS, { ...base, uid: '0' as never }, FIXED)).field,
    ).toBe('uid');
    expect(
      inputError(() => buildRtcToken(DEMO_CREDENTIALS, { ...base, uid: 1, role: 'admin' as never }, FIXED))
        .field,
    ).toBe('role');
    expect(
      inputError(() =>
        buildRtcToken(
          DEMO_CREDENTIALS,
          { ...base, uid: 1, role: 'subscriber', privileges: { publishAudio: 5 } },
          FIXED,
        ),
      ).field,
    ).toBe('privileges.publishAudio');
    expect(
      inputError(() => buildRtcToken(DEMO_CREDENTIALS, { ...base, uid: 1, expiresIn: 86401 }, FIXED)).field,
    ).toBe('expiresIn');
    expect(
      inputError(() =>
        buildRtcToken({ appId: DEMO_CREDENTIALS.appId, appCertificate: 'x' }, { ...base, uid: 1 }, FIXED),
      ).field,
    ).toBe('appCertificate');
    expect(inputError(() => buildRtcToken(DEMO_CREDENTIALS, null as never, FIXED)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('buildRtmToken, buildChatUserToken, buildChatAppToken', () => {
    expect(decode(buildRtmToken(DEMO_CREDENTIALS, { userId: 'u', expiresIn: 30 }, FIXED)).services).toEqual([
      { type: 2, name: 'rtm', privileges: { 1: 30 }, userId: 'u' },
    ]);
    expect(
      decode(buildChatUserToken(DEMO_CREDENTIALS, { userId: 'u', expiresIn: 30 }, FIXED)).services,
    ).toEqual([{ type: 5, name: 'chat', privileges: { 1: 30 }, userId: 'u' }]);
    expect(decode(buildChatAppToken(DEMO_CREDENTIALS, { expiresIn: 30 }, FIXED)).services).toEqual([
      { type: 5, name: 'chat', privileges: { 2: 30 }, userId: '' },
    ]);
    expect(inputError(() => buildRtmToken(DEMO_CREDENTIALS, { userId: '', expiresIn: 30 })).field).toBe(
      'userId',
    );
    expect(inputError(() => buildChatAppToken(DEMO_CREDENTIALS, { expiresIn: -1 })).field).toBe('expiresIn');
  });

  it('the same inputs, issue time and salt give the same token', () => {
    const p = { channel: 'c', uid: 1, role: 'publisher' as const, expiresIn: 60 };
    expect(buildRtcToken(DEMO_CREDENTIALS, p, FIXED)).toBe(buildRtcToken(DEMO_CREDENTIALS, p, FIXED));
    expect(buildRtcToken(DEMO_CREDENTIALS, p, FIXED)).not.toBe(
      buildRtcToken(DEMO_CREDENTIALS, p, { ...FIXED, salt: 43 }),
    );
  });
});

describe('legacy 006 inputs', () => {
  it('privilegeExpiredTs is absolute: 0 or a unix time; a duration is rejected with a message saying so', async () => {
    const { RtcTokenBuilder, RtmTokenBuilder } = await import('../../src/legacy.js');
    const { appId, appCertificate } = DEMO_CREDENTIALS;
    expect(RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 1, 1, 0)).toMatch(/^006/);
    const e = inputError(() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 1, 1, 3600));
    expect(e.field).toBe('privilegeExpiredTs');
    expect(e.message).toMatch(/absolute unix timestamp/);
    expect(
      inputError(() => RtcTokenBuilder.buildTokenWithUid(appId, appCertificate, 'c', 1, 7, 0)).field,
    ).toBe('role');
    expect(inputError(() => RtmTokenBuilder.buildToken(appId, appCertificate, '', 1, 0)).field).toBe(
      'account',
    );
    expect(
      inputError(() =>
        verifyToken(RtmTokenBuilder.buildToken(appId, appCertificate, 'u', 1, 0), appCertificate),
      ).code,
    ).toBe('ERR_CONTEXT_REQUIRED');
  });
});
