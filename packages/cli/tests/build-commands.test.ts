import { DEMO_CREDENTIALS, decodeToken, verifyToken } from '@tokenfn/core';
import { describe, expect, it } from 'vitest';
import { builtCli, hex32, packageDir, repoRoot, runCommand } from './run-cli';

const tokenfn = builtCli();

const credentials = { appId: hex32().toUpperCase(), appCertificate: hex32() };
const env = { AGORA_APP_ID: credentials.appId, AGORA_APP_CERTIFICATE: credentials.appCertificate };

type Service = { type: number; name: string; privileges: Record<number, number> } & Record<string, unknown>;
function decode007(token: string) {
  const decoded = decodeToken(token);
  if (decoded.version !== '007') throw new Error(`expected a 007 token, got ${decoded.version}`);
  return { ...decoded, services: decoded.services as unknown as Service[] };
}
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('tokenfn rtc / rtm / chat', () => {
  it('on the demo default: the token alone on stdout, the note on stderr, signed with the demo certificate', async () => {
    const before = nowSeconds();
    const result = await tokenfn(['rtc', '--channel', 'demo', '--uid', '42']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^007[A-Za-z0-9+/=]+\n$/);
    expect(result.stderr).toContain('AGORA_APP_ID and AGORA_APP_CERTIFICATE are not set');
    expect(result.stderr).toContain(DEMO_CREDENTIALS.appId);
    expect(result.stderr).not.toContain(DEMO_CREDENTIALS.appCertificate);
    const token = result.stdout.trim();
    const decoded = decode007(token);
    expect(decoded.appId).toBe(DEMO_CREDENTIALS.appId);
    expect(decoded.expire).toBe(3600);
    expect(decoded.issueTs).toBeGreaterThanOrEqual(before);
    expect(decoded.issueTs).toBeLessThanOrEqual(nowSeconds());
    expect(decoded.services).toHaveLength(1);
    const [rtc] = decoded.services;
    expect(rtc).toMatchObject({ type: 1, name: 'rtc', channelName: 'demo', uid: '42' });
    // publisher by default: join, publish audio, video and data
    expect(Object.keys(rtc!.privileges).map(Number).sort()).toEqual([1, 2, 3, 4]);
    expect(verifyToken(token, DEMO_CREDENTIALS.appCertificate)).toBe(true);
  });

  it('uses AGORA_APP_ID / AGORA_APP_CERTIFICATE; --json matches the token it carries', async () => {
    const [uid, account, rtm, chatUser, chatApp] = await Promise.all([
      tokenfn(['rtc', '--channel', 'room 1', '--uid', '4294967295', '--json'], { env }),
      tokenfn(
        [
          'rtc',
          '--channel',
          'room',
          '--account',
          'alice',
          '--role',
          'subscriber',
          '--expires-in',
          '10m',
          '--rtm',
          '--json',
        ],
        { env },
      ),
      tokenfn(['rtm', '--user-id', 'bob', '--expires-in', '90', '--json'], { env }),
      tokenfn(['chat', '--user-id', 'carol', '--expires-in', '2h', '--json'], { env }),
      tokenfn(['chat', '--json'], { env }),
    ]);
    for (const result of [uid, account, rtm, chatUser, chatApp]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toContain(credentials.appCertificate);
    }
    const check = (stdout: string, expire: number) => {
      const json = JSON.parse(stdout);
      const decoded = decode007(json.token);
      expect(json.appId).toBe(credentials.appId);
      expect(decoded.appId).toBe(credentials.appId);
      expect(json.issuedAt).toBe(decoded.issueTs);
      expect(json.expiresAt).toBe(decoded.issueTs + expire);
      expect(decoded.expire).toBe(expire);
      expect(verifyToken(json.token, credentials.appCertificate)).toBe(true);
      expect(verifyToken(json.token, hex32())).toBe(false);
      return { json, decoded };
    };

    const a = check(uid.stdout, 3600);
    expect(a.json).toMatchObject({ channel: 'room 1', uid: 4294967295, role: 'publisher' });
    expect(a.decoded.services).toMatchObject([{ name: 'rtc', channelName: 'room 1', uid: '4294967295' }]);

    const b = check(account.stdout, 600);
    expect(b.json).toMatchObject({
      channel: 'room',
      account: 'alice',
      role: 'subscriber',
      rtmUserId: 'alice',
    });
    expect(b.json).not.toHaveProperty('uid');
    expect(b.decoded.services.map((s) => s.name)).toEqual(['rtc', 'rtm']);
    expect(b.decoded.services[0]).toMatchObject({ channelName: 'room', uid: 'alice' });
    expect(Object.keys(b.decoded.services[0]!.privileges)).toEqual(['1']); // subscriber: join only
    expect(b.decoded.services[1]).toMatchObject({ userId: 'alice' });

    const c = check(rtm.stdout, 90);
    expect(c.json).toMatchObject({ userId: 'bob' });
    expect(c.decoded.services).toMatchObject([{ type: 2, name: 'rtm', userId: 'bob' }]);

    const d = check(chatUser.stdout, 7200);
    expect(d.json).toMatchObject({ userId: 'carol' });
    expect(d.decoded.services).toMatchObject([{ type: 5, name: 'chat', userId: 'carol' }]);
    expect(Object.keys(d.decoded.services[0]!.privileges)).toEqual(['1']);

    const e = check(chatApp.stdout, 3600);
    expect(e.json).not.toHaveProperty('userId');
    expect(e.decoded.services).toMatchObject([{ type: 5, name: 'chat' }]);
    expect(Object.keys(e.decoded.services[0]!.privileges)).toEqual(['2']);
  });

  it('--rtm-user-id adds RTM login for another id, also with uid 0', async () => {
    const result = await tokenfn(['rtc', '--channel', 'c', '--uid', '0', '--rtm-user-id', 'dave'], { env });
    expect(result.code).toBe(0);
    const decoded = decode007(result.stdout.trim());
    expect(decoded.services).toMatchObject([
      { name: 'rtc', channelName: 'c', uid: '' },
      { name: 'rtm', userId: 'dave' },
    ]);
  });

  it('--rtm with an account that cannot be an RTM user id (over 64 bytes) says so, and what to do', async () => {
    const result = await tokenfn(['rtc', '--channel', 'c', '--account', 'a'.repeat(100), '--rtm'], { env });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(
      /^tokenfn rtc: --rtm uses --account as the RTM user id, and this account is not one \(an RTM user id must be 1 to 64 bytes long, got 100\): give --rtm-user-id ID\n/,
    );
  });
});

describe('the other ways to start tokenfn', () => {
  it('runs from source with tsx, and `pnpm tokenfn` at the root passes arguments and exit status', async () => {
    const [source, pnpmOk, pnpmUsage] = await Promise.all([
      runCommand(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'rtm', '--user-id', 'eve'],
        { env },
        packageDir,
      ),
      runCommand('pnpm', ['--silent', 'tokenfn', 'chat', '--user-id', 'frank'], { env }, repoRoot),
      runCommand('pnpm', ['--silent', 'tokenfn', 'rtc', '--uid', '1'], {}, repoRoot),
    ]);
    expect(source.code).toBe(0);
    expect(decode007(source.stdout.trim()).services).toMatchObject([{ name: 'rtm', userId: 'eve' }]);
    expect(pnpmOk.code).toBe(0);
    expect(pnpmOk.stdout).toMatch(/^007\S+\n$/);
    expect(decode007(pnpmOk.stdout.trim()).services).toMatchObject([{ name: 'chat', userId: 'frank' }]);
    expect(pnpmUsage.code).toBe(2);
    expect(pnpmUsage.stderr).toContain('missing --channel');
  });
});
