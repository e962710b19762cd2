import { buildRtcToken, buildRtmToken, DEMO_CREDENTIALS, diagnoseToken } from '@tokenfn/core';
import agoraAccessToken from 'agora-access-token';
import agoraToken from 'agora-token';
import { describe, expect, it } from 'vitest';
import { builtCli, hasStackTrace, hex32 } from './run-cli';

const tokenfn = builtCli();

const credentials = { appId: hex32(), appCertificate: hex32() };
const env = { AGORA_APP_ID: credentials.appId, AGORA_APP_CERTIFICATE: credentials.appCertificate };
const now = () => Math.floor(Date.now() / 1000);

describe('tokenfn explain', () => {
  it('exit 0 and "allowed" when the token allows what the app does, with the signature checked', async () => {
    const token = buildRtcToken(credentials, { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 });
    const result = await tokenfn(['explain', token, '--channel', 'demo', '--uid', '42', '--publish'], {
      env,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^intent +join channel "demo" as uid 42 and publish$/m);
    expect(result.stdout).toMatch(/^· info +SIGNATURE_VALID +the signature matches/m);
    expect(result.stdout).toMatch(/^result +allowed: nothing in the token stops what your app does$/m);
  });

  it('exit 1 with every finding, worst first, each with its fix', async () => {
    const token = buildRtcToken(DEMO_CREDENTIALS, {
      channel: 'Demo',
      account: 'alice',
      role: 'subscriber',
      expiresIn: 600,
    });
    const result = await tokenfn([
      'explain',
      token,
      '--channel',
      'demo',
      '--uid',
      '42',
      '--publish',
      '--rtm-user',
      'alice',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const heads = result.stdout.split('\n').filter((l) => /^[✗!·] /.test(l));
    expect(heads.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      '✗ error CHANNEL_CASE_MISMATCH',
      '✗ error UID_TYPE_ACCOUNT_VS_UID',
      '✗ error NO_PUBLISH_PRIVILEGE',
      '✗ error WRONG_PRODUCT',
      '· info DEMO_APP_ID',
      '· info SIGNATURE_VALID',
    ]);
    expect(result.stdout).toContain(
      'this token is for the user account "alice"; your app joins with the numeric uid 42\n' +
        '           fix: build it with uid: 42, or join with joinChannelWithUserAccount("alice")',
    );
    expect(result.stdout).toMatch(/^result +refused: 4 errors$/m);
  });

  it('--json gives diagnoseToken’s findings and the decoded token; the exit status follows allowsIntent', async () => {
    const issued = now() - 7200;
    const token = buildRtmToken(credentials, { userId: 'alice', expiresIn: 3600 }, { issueTs: issued });
    const result = await tokenfn(['explain', token, '--rtm-user', 'alice', '--json'], { env });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout);
    const expected = diagnoseToken(
      token,
      { product: 'rtm', userId: 'alice' },
      { now: now(), ...credentials },
    );
    expect(out.allowsIntent).toBe(false);
    expect(out.intents).toEqual([{ product: 'rtm', userId: 'alice' }]);
    expect(out.findings.map((f: { code: string }) => f.code)).toEqual(expected.findings.map((f) => f.code));
    expect(out.findings[0]).toMatchObject({ code: 'TOKEN_EXPIRED', severity: 'error' });
    expect(out.decoded).toEqual(expected.decoded);
  });

  it('another App ID or certificate in the environment: APP_ID_MISMATCH, SIGNATURE_MISMATCH', async () => {
    const token = agoraToken.RtcTokenBuilder.buildTokenWithUid(hex32(), hex32(), 'demo', 42, 1, 600, 0);
    const result = await tokenfn(['explain', token, '--channel', 'demo', '--uid', '42'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ error +APP_ID_MISMATCH/);
    expect(result.stdout).toMatch(/✗ error +SIGNATURE_MISMATCH/);
    expect(result.stdout).not.toContain(credentials.appCertificate);
  });

  it('AGORA_APPS: the token checked against the app with its App ID, or said to have none', async () => {
    const staging = { appId: hex32(), appCertificate: hex32() };
    const AGORA_APPS = JSON.stringify({ apps: { prod: credentials, staging } });
    const ask = { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 } as const;
    const codes = async (token: string) => {
      const r = await tokenfn(['explain', token, '--channel', 'demo', '--uid', '42', '--json'], {
        env: { AGORA_APPS },
      });
      return JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code) as string[];
    };
    expect(await codes(buildRtcToken(staging, ask))).toContain('SIGNATURE_VALID');
    expect(await codes(buildRtcToken(credentials, ask))).toContain('SIGNATURE_VALID');
    // staging's App ID signed with another certificate: checked against staging's, and refused
    expect(await codes(buildRtcToken({ appId: staging.appId, appCertificate: hex32() }, ask))).toContain(
      'SIGNATURE_MISMATCH',
    );
    const stranger = buildRtcToken({ appId: hex32(), appCertificate: hex32() }, ask);
    const result = await tokenfn(['explain', stranger], { env: { AGORA_APPS } });
    expect(result.stdout).toContain(
      "the signature was not checked: no app of AGORA_APPS has the token's App ID",
    );
    expect(result.stdout).not.toContain(staging.appCertificate);
  });

  it('a 006 token of agora-access-token: its channel case found from the checksum', async () => {
    const token = agoraAccessToken.RtcTokenBuilder.buildTokenWithUid(
      credentials.appId,
      credentials.appCertificate,
      'Lobby',
      42,
      1,
      now() + 600,
    );
    const result = await tokenfn(['explain', token, '--channel', 'lobby', '--uid', '42', '--json'], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { code: string }) => f.code)).toEqual([
      'CHANNEL_CASE_MISMATCH',
      'SIGNATURE_NOT_CHECKED',
    ]);
  });

  it('without intent flags: only the token itself, and says the signature was not checked', async () => {
    const token = buildRtcToken(credentials, { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 });
    const result = await tokenfn(['explain', token]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ no problem found$/m);
    expect(result.stdout).toMatch(/^result +no error in the token itself/m);
    expect(result.stdout).toContain('the signature was not checked: set AGORA_APP_CERTIFICATE');
  });

  it('no token: exit 1 with MALFORMED and a fix, never the text given; usage errors exit 2', async () => {
    const token = buildRtcToken(credentials, { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 });
    const quoted = await tokenfn(['explain', `'${token}'`, '--channel', 'demo']);
    expect(quoted.code).toBe(1);
    expect(quoted.stdout).toMatch(/✗ error +MALFORMED/);
    expect(quoted.stdout).toContain('fix: remove the quotes around the token');
    expect(quoted.stdout).not.toContain(token.slice(3, 30));
    expect(hasStackTrace(quoted.stdout + quoted.stderr)).toBe(false);
    const both = await tokenfn(['explain', token, '--uid', '1', '--account', 'a']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --uid or --account, not both');
    const typo = await tokenfn(['explain', token, '--chanel', 'demo']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean --channel?');
    const badUid = await tokenfn(['explain', token, '--uid', 'alice']);
    expect(badUid.code).toBe(2);
    expect(badUid.stderr).toContain('use --account for a string user account');
  });

  it('reads the token from standard input with -, and is listed in tokenfn --help', async () => {
    const token = buildRtmToken(credentials, { userId: 'alice', expiresIn: 600 });
    const result = await tokenfn(['explain', '-', '--rtm-user', 'bob'], { stdin: `${token}\n`, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /✗ error +USER_ID_MISMATCH +the RTM token is for user id "alice", your app logs in as "bob"/,
    );
    expect((await tokenfn(['--help'])).stdout).toMatch(/^ {2}explain +say why a token would be refused/m);
  });
});
