// Odd input a demanding user tries, through the built command: repeated flags, huge numbers, quoted
// tokens, AGORA_APPS defaults in --json, messages that say a name once, and a standard output that fails.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { buildRtcToken, verifyToken } from '@tokenfn/core';
import { describe, expect, it } from 'vitest';
import { builtCli, type CliResult, hasStackTrace, hex32, packageDir } from './run-cli';

const tokenfn = builtCli();
const prod = { appId: hex32(), appCertificate: hex32() };
const staging = { appId: hex32(), appCertificate: hex32() };

function expectUsageError(result: CliResult, command: string, message: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain(`Run 'tokenfn ${command} --help' for usage.`);
  expect(hasStackTrace(result.stderr)).toBe(false);
}

describe('repeated flags', () => {
  it('a value flag given twice is a usage error naming it, never a silent choice of the last one', async () => {
    const [channel, uid, inline, userId] = await Promise.all([
      tokenfn(['rtc', '--channel', 'a', '--uid', '1', '--channel', 'b']),
      tokenfn(['rtc', '--channel', 'a', '--uid', '1', '--uid=2']),
      tokenfn(['verify', '007abc', '--channel=a', '--channel', 'a']),
      tokenfn(['rtm', '--user-id', 'alice', '--user-id', 'bob']),
    ]);
    expectUsageError(channel, 'rtc', /^tokenfn rtc: --channel is given more than once/m);
    expectUsageError(uid, 'rtc', /^tokenfn rtc: --uid is given more than once/m);
    expectUsageError(inline, 'verify', /^tokenfn verify: --channel is given more than once/m);
    expectUsageError(userId, 'rtm', /^tokenfn rtm: --user-id is given more than once/m);
    // the values are not echoed
    expect(userId.stderr).not.toContain('alice');
    expect(userId.stderr).not.toContain('bob');
  });

  it('a switch given twice is harmless', async () => {
    const result = await tokenfn(['rtm', '--user-id', 'u', '--json', '--json', '--quiet', '--quiet']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ userId: 'u' });
  });
});

describe('--expires-in', () => {
  it('a millisecond timestamp or any huge number is "at most 86400", not "must be a number"', async () => {
    const [ms, huge] = await Promise.all([
      tokenfn(['rtc', '--channel', 'c', '--uid', '1', '--expires-in', '1795000000000']),
      tokenfn(['chat', '--expires-in', '99999999999999999999999']),
    ]);
    expectUsageError(ms, 'rtc', /--expires-in is at most 86400 \(24 hours\): it is seconds from now/);
    expect(ms.stderr).toContain('(1795000000000 looks like a unix timestamp)');
    expectUsageError(huge, 'chat', /--expires-in is at most 86400/);
    expect(huge.stderr).not.toContain('e+');
  });
});

describe('credentials in messages', () => {
  it('a malformed AGORA_APP_ID is named once, and its value is not shown', async () => {
    const result = await tokenfn(['rtc', '--channel', 'c', '--uid', '1'], {
      env: { AGORA_APP_ID: 'not-an-app-id', AGORA_APP_CERTIFICATE: prod.appCertificate },
    });
    expectUsageError(result, 'rtc', /^tokenfn rtc: AGORA_APP_ID: must be the 32-hex-character App ID/m);
    expect(result.stderr).not.toContain('AGORA_APP_ID: AGORA_APP_ID');
    expect(result.stderr).not.toContain('not-an-app-id');
    expect(result.stderr).not.toContain(prod.appCertificate);
  });

  it('doctor on a malformed AGORA_APPS prints its fix as plain text, not with \\u escapes', async () => {
    const result = await tokenfn(['doctor'], { env: { AGORA_APPS: '{"apps": 1}' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/fix: write it as \{"apps"/);
    expect(result.stdout).not.toContain('\\u');
  });
});

describe('AGORA_APPS and --json', () => {
  it('says which app signed, also when it is AGORA_DEFAULT_APP or the only app', async () => {
    const [byDefault, only, named] = await Promise.all([
      tokenfn(['rtc', '--channel', 'c', '--uid', '1', '--json'], {
        env: { AGORA_APPS: JSON.stringify({ apps: { prod, staging } }), AGORA_DEFAULT_APP: 'staging' },
      }),
      tokenfn(['rtm', '--user-id', 'u', '--json'], {
        env: { AGORA_APPS: JSON.stringify({ apps: { prod } }) },
      }),
      tokenfn(['chat', '--json', '--app', 'prod'], {
        env: { AGORA_APPS: JSON.stringify({ apps: { prod, staging } }) },
      }),
    ]);
    const bodies = [byDefault, only, named].map((r) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { token: string; app?: string; appId: string };
    });
    expect(bodies[0]).toMatchObject({ app: 'staging', appId: staging.appId });
    expect(verifyToken(bodies[0]!.token, staging.appCertificate)).toBe(true);
    expect(bodies[1]).toMatchObject({ app: 'prod', appId: prod.appId });
    expect(bodies[2]).toMatchObject({ app: 'prod', appId: prod.appId });
    // without AGORA_APPS there is no app to name
    const single = await tokenfn(['rtm', '--user-id', 'u', '--json'], {
      env: { AGORA_APP_ID: prod.appId, AGORA_APP_CERTIFICATE: prod.appCertificate },
    });
    expect(JSON.parse(single.stdout)).not.toHaveProperty('app');
  });
});

describe('a token pasted with quotes around it', () => {
  const token = buildRtcToken(prod, { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 600 });
  const env = { AGORA_APP_CERTIFICATE: prod.appCertificate };

  it('decode and verify say to remove the quotes, as explain does, without echoing it', async () => {
    const [decodeDouble, decodeSingle, decodeStdin, verify, verifyJson] = await Promise.all([
      tokenfn(['decode', `"${token}"`]),
      tokenfn(['decode', ` '${token}' `]),
      tokenfn(['decode', '-'], { stdin: `"${token}"\n` }),
      tokenfn(['verify', `"${token}"`], { env }),
      tokenfn(['verify', `"${token}"`, '--json'], { env }),
    ]);
    for (const r of [decodeDouble, decodeSingle, decodeStdin, verify]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^tokenfn (decode|verify): not a valid Agora token: .*remove the quotes/);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).not.toContain(token.slice(3, 30));
    }
    expect(verifyJson.code).toBe(1);
    expect(JSON.parse(verifyJson.stdout)).toMatchObject({ valid: false });
    expect((JSON.parse(verifyJson.stdout) as { reason: string }).reason).toContain('remove the quotes');
  });
});

describe('explain on something that is no token', () => {
  it('starts with the finding, not an empty line', async () => {
    const result = await tokenfn(['explain', 'garbage']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ error +MALFORMED/);
  });
});

describe('a standard output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('one line on stderr, exit 1, no stack trace', async () => {
    const { buildCliBundle } = await import('./run-cli');
    const bundle = await buildCliBundle();
    const full = openSync('/dev/full', 'w');
    try {
      const result = await new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, [bundle.path, 'rtm', '--user-id', 'u', '--quiet'], {
          cwd: packageDir,
          env: { PATH: process.env.PATH ?? '' },
          stdio: ['ignore', full, 'pipe'],
        });
        let stderr = '';
        child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout: '', stderr }));
      });
      expect(result.code).toBe(1);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(result.stderr).toMatch(/^tokenfn: cannot write to standard output: ENOSPC\n$/);
    } finally {
      closeSync(full);
      bundle.cleanup();
    }
  });
});
