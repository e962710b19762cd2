// What a new user ran into, through the built command: JSON for scripts even for garbage, which
// certificate was used, a channel-only check of a 007 token, durations with several units, rounding to
// the nearest unit, and --quiet.
import { buildRtcToken, decodeToken } from '@tokenfn/core';
import { describe, expect, it } from 'vitest';
import { shortDuration } from '../src/cli/format/time';
import { parseDuration } from '../src/cli/values';
import { builtCli, hex32 } from './run-cli';

const tokenfn = builtCli();

const credentials = { appId: hex32(), appCertificate: hex32() };
const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };

describe('tokenfn verify', () => {
  it('--json on something that is no token prints {valid: false, reason} and exits 1', async () => {
    const r = await tokenfn(['verify', 'garbage', '--json'], { env });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { valid: boolean; reason: string };
    expect(body.valid).toBe(false);
    expect(body.reason).toMatch(/^not a valid Agora token/);
  });

  it('says which certificate it used (the environment wins over standard input)', async () => {
    const token = buildRtcToken(credentials, { channel: 'room', uid: 5, role: 'publisher', expiresIn: 600 });
    const both = await tokenfn(['verify', token, '--json'], { env, stdin: hex32() });
    expect(JSON.parse(both.stdout)).toMatchObject({ valid: true, certificateFrom: 'AGORA_APP_CERTIFICATE' });
    const wrong = await tokenfn(['verify', token], { stdin: hex32() });
    expect(wrong.stdout).toMatch(/\(App Certificate from standard input\)\n$/);
  });

  it('--channel without --uid checks the channel of a 007 token', async () => {
    const token = buildRtcToken(credentials, { channel: 'room', uid: 5, role: 'publisher', expiresIn: 600 });
    expect((await tokenfn(['verify', token, '--channel', 'room'], { env })).code).toBe(0);
    const other = await tokenfn(['verify', token, '--channel', 'hall'], { env });
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('the token is for channel "room", not "hall"');
  });
});

describe('durations and --quiet', () => {
  it('--expires-in takes 1h30m, 2h, 45m30s, 90 and refuses what is none of them', async () => {
    expect([
      parseDuration('1h30m'),
      parseDuration('2h'),
      parseDuration('45m30s'),
      parseDuration('90'),
    ]).toEqual([5400, 7200, 2730, 90]);
    for (const bad of ['', 'h', '1x', '1.5h', '30m1h']) expect(parseDuration(bad), bad).toBeUndefined();
    const r = await tokenfn(['rtm', '--user-id', 'u', '--expires-in', '1h30m', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const { token, expiresAt, issuedAt } = JSON.parse(r.stdout) as {
      token: string;
      expiresAt: number;
      issuedAt: number;
    };
    expect(expiresAt - issuedAt).toBe(5400);
    expect(decodeToken(token).version).toBe('007');
    expect(r.stderr).toBe(''); // --quiet: no demo note
    const loud = await tokenfn(['rtm', '--user-id', 'u']);
    expect(loud.stderr).toContain('demo App ID');
  });

  it('remaining time rounds to the nearest unit shown', () => {
    expect(shortDuration(45)).toBe('45s');
    expect(shortDuration(599)).toBe('10m');
    expect(shortDuration(3599)).toBe('1h');
    expect(shortDuration(3 * 3600 + 29 * 60 + 40)).toBe('3h 30m');
    expect(shortDuration(86_399)).toBe('1d');
    expect(shortDuration(2 * 86400 + 5 * 3600 + 1700)).toBe('2d 5h');
  });
});
