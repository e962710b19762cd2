import { buildRtcToken, buildRtmToken, DEMO_CREDENTIALS } from '@tokenfn/core';
import agoraAccessToken from 'agora-access-token';
import { describe, expect, it } from 'vitest';
import { builtCli, type CliResult, hasStackTrace, hex32 } from './run-cli';

const tokenfn = builtCli();

const credentials = { appId: hex32(), appCertificate: hex32() };
const otherCertificate = hex32();
const now = () => Math.floor(Date.now() / 1000);

function expectNoCertificate(...results: CliResult[]) {
  for (const r of results) {
    for (const secret of [credentials.appCertificate, otherCertificate, DEMO_CREDENTIALS.appCertificate]) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  }
}

describe('tokenfn verify', () => {
  const token = buildRtcToken(credentials, { channel: 'room', uid: 5, role: 'publisher', expiresIn: 600 });
  const foreign = buildRtcToken(
    { appId: credentials.appId, appCertificate: otherCertificate },
    { channel: 'room', uid: 5, role: 'publisher', expiresIn: 600 },
  );

  it('exit 0 with the certificate from AGORA_APP_CERTIFICATE or stdin; exit 1 for another certificate', async () => {
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const [fromEnv, fromStdin, wrongStdin, foreignToken, context, wrongContext] = await Promise.all([
      tokenfn(['verify', token], { env }),
      tokenfn(['verify', token], { stdin: `${credentials.appCertificate}\n` }),
      tokenfn(['verify', token], { stdin: otherCertificate }),
      tokenfn(['verify', foreign], { env }),
      tokenfn(['verify', token, '--channel', 'room', '--uid', '5'], { env }),
      tokenfn(['verify', token, '--channel', 'room', '--uid', '6'], { env }),
    ]);
    for (const [ok, from] of [
      [fromEnv, 'AGORA_APP_CERTIFICATE'],
      [fromStdin, 'standard input'],
      [context, 'AGORA_APP_CERTIFICATE'],
    ] as const) {
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        new RegExp(`^valid: signed with the App Certificate from ${from}; expires in 10m \\(\\S+Z\\)\\n$`),
      );
      expect(ok.stderr).toBe('');
    }
    for (const bad of [wrongStdin, foreignToken]) {
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^invalid: the signature does not match this App Certificate/);
    }
    expect(wrongContext.code).toBe(1);
    expect(wrongContext.stdout).toContain('the token is for channel "room" and uid "5", not "room" and "6"');
    expectNoCertificate(fromEnv, fromStdin, wrongStdin, foreignToken, context, wrongContext);
  });

  it('an expired token fails (exit 1) even with a good signature; --json says why', async () => {
    const issueTs = now() - 7200;
    const expired = buildRtmToken(credentials, { userId: 'u', expiresIn: 60 }, { issueTs });
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const [text, json, foreignJson] = await Promise.all([
      tokenfn(['verify', expired], { env }),
      tokenfn(['verify', expired, '--json'], { env }),
      tokenfn(['verify', foreign, '--json'], { env }),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^invalid: the signature matches, but the token expired 1h 59m ago/);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      signatureValid: true,
      expired: true,
      version: '007',
      appId: credentials.appId,
      expiresAt: issueTs + 60,
    });
    expect(foreignJson.code).toBe(1);
    expect(JSON.parse(foreignJson.stdout)).toMatchObject({
      valid: false,
      signatureValid: false,
      expired: false,
    });
    expectNoCertificate(text, json, foreignJson);
  });

  it('without a certificate: the demo certificate for a demo token (with a note), else exit 2', async () => {
    const demo = buildRtcToken(DEMO_CREDENTIALS, { channel: 'c', uid: 1, role: 'subscriber', expiresIn: 60 });
    const [demoResult, missing] = await Promise.all([tokenfn(['verify', demo]), tokenfn(['verify', token])]);
    expect(demoResult.code).toBe(0);
    expect(demoResult.stdout).toMatch(/^valid: /);
    expect(demoResult.stderr).toContain('checked against the demo certificate');
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(
      'no App Certificate to verify with: set AGORA_APP_CERTIFICATE, or pipe it',
    );
    expectNoCertificate(demoResult, missing);
  });

  it('--user-id on a 007 token checks the user of its RTM/Chat service (not an RTC channel)', async () => {
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const rtm = buildRtmToken(credentials, { userId: 'alice', expiresIn: 600 });
    const rtcWithRtm = buildRtcToken(credentials, {
      channel: 'room',
      uid: 5,
      role: 'publisher',
      expiresIn: 600,
      rtmUserId: 'five',
    });
    const [alice, bob, five, rtcOnly] = await Promise.all([
      tokenfn(['verify', rtm, '--user-id', 'alice'], { env }),
      tokenfn(['verify', rtm, '--user-id', 'bob', '--json'], { env }),
      tokenfn(['verify', rtcWithRtm, '--user-id', 'five'], { env }),
      tokenfn(['verify', token, '--user-id', 'five'], { env }),
    ]);
    expect(alice.code).toBe(0);
    expect(alice.stdout).toMatch(/^valid: /);
    expect(bob.code).toBe(1);
    expect(JSON.parse(bob.stdout)).toMatchObject({
      valid: false,
      signatureValid: true,
      reason: 'the signature matches, but the token is for user id "alice" (rtm), not "bob"',
    });
    expect(five.code).toBe(0);
    expect(rtcOnly.code).toBe(1);
    expect(rtcOnly.stdout).toBe(
      'invalid: the token has no RTM, RTM2 or Chat service, so it is not for any user id\n',
    );
  });

  it('more than 64 KiB on stdin: verify says it is a usage error (exit 2), decode - an invalid token (exit 1)', async () => {
    const flood = 'A'.repeat(70_000);
    const [verify, decode] = await Promise.all([
      tokenfn(['verify', token], { stdin: flood }),
      tokenfn(['decode', '-'], { stdin: flood }),
    ]);
    expect(verify).toMatchObject({ code: 2, stdout: '' });
    expect(verify.stderr).toMatch(
      /^tokenfn verify: standard input is larger than 65536 bytes: it should hold only the App Certificate/,
    );
    expect(decode).toMatchObject({ code: 1, stdout: '' });
    expect(decode.stderr).toBe(
      'tokenfn decode: not a valid Agora token: standard input is larger than 65536 bytes, far more than any token\n',
    );
    for (const r of [verify, decode]) expect(r.stderr).not.toContain('unexpected');
  });

  it('a 006 token needs --channel and --uid (exit 2 without), then verifies them', async () => {
    const legacy = agoraAccessToken.RtcTokenBuilder.buildTokenWithUid(
      credentials.appId,
      credentials.appCertificate,
      'old',
      77,
      agoraAccessToken.RtcRole.PUBLISHER,
      now() + 600,
    );
    const legacyRtm = agoraAccessToken.RtmTokenBuilder.buildToken(
      credentials.appId,
      credentials.appCertificate,
      'rtm-user',
      agoraAccessToken.RtmRole.Rtm_User,
      now() + 600,
    );
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const [noContext, right, wrongUid, rtm] = await Promise.all([
      tokenfn(['verify', legacy], { env }),
      tokenfn(['verify', legacy, '--channel', 'old', '--uid', '77'], { env }),
      tokenfn(['verify', legacy, '--channel', 'old', '--uid', '78'], { env }),
      tokenfn(['verify', legacyRtm, '--user-id', 'rtm-user'], { env }),
    ]);
    expect(noContext.code).toBe(2);
    expect(noContext.stderr).toContain('a 006 token carries only checksums of its channel and uid');
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/^valid: /);
    expect(wrongUid.code).toBe(1);
    expect(wrongUid.stdout).toMatch(/^invalid: the signature does not match/);
    expect(rtm.code).toBe(0);
    expectNoCertificate(noContext, right, wrongUid, rtm);
  });

  it('a malformed token or a bad certificate on stdin: clean message, no stack, never echoed', async () => {
    const [malformed, badCert] = await Promise.all([
      tokenfn(['verify', '007AAAA'], { env: { AGORA_APP_CERTIFICATE: credentials.appCertificate } }),
      tokenfn(['verify', token], { stdin: `${credentials.appCertificate}zz` }),
    ]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^tokenfn verify: not a valid Agora token: .+\n$/);
    expect(badCert.code).toBe(2);
    expect(badCert.stderr).toContain('the certificate on standard input is not an App Certificate');
    expect(hasStackTrace(malformed.stderr + badCert.stderr)).toBe(false);
    expectNoCertificate(malformed, badCert);
  });
});
