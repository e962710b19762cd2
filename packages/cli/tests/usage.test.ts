import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli, hasStackTrace, packageDir } from './run-cli';

const tokenfn = builtCli();

const COMMANDS = ['rtc', 'rtm', 'chat', 'decode', 'verify'];
const SECRET_CERT = 'ab12cd34ef56ab12cd34ef56ab12cd34';

describe('tokenfn help and version', () => {
  it('prints the overview, per-command help and the version, exit 0, nothing on stderr', async () => {
    const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version as string;
    const [main, short, helpCmd, ver, ...perCommand] = await Promise.all([
      tokenfn(['--help']),
      tokenfn(['-h']),
      tokenfn(['help', 'decode']),
      tokenfn(['--version']),
      ...COMMANDS.map((name) => tokenfn([name, '--channel', '--help'])),
    ]);
    expect(main.code).toBe(0);
    expect(main.stderr).toBe('');
    for (const name of COMMANDS) expect(main.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(main.stdout).toContain('AGORA_APP_CERTIFICATE');
    expect(short.stdout).toBe(main.stdout);
    expect(helpCmd.code).toBe(0);
    expect(helpCmd.stdout).toContain('Usage: tokenfn decode TOKEN');
    expect(ver).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    perCommand.forEach((result, i) => {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: tokenfn ${COMMANDS[i]}`);
    });
    expect(perCommand[0]?.stdout).toMatch(/--expires-in S +seconds from now, 1\.\.86400/);
    // the CLI's role default differs from the HTTP API's, and the help says so
    expect(perCommand[0]?.stdout).toMatch(/--role ROLE +publisher \(the default here/);
    expect(perCommand[0]?.stdout).toContain('The HTTP API defaults to subscriber');
  });

  it('no command: the overview on stderr, exit 2; unknown command: a suggestion, exit 2', async () => {
    const [none, typo, pasted] = await Promise.all([
      tokenfn([]),
      tokenfn(['rct']),
      tokenfn([`007${'eJxTYGBg'.repeat(8)}`]),
    ]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('Usage: tokenfn <command>');
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain("unknown command 'rct' (did you mean 'rtc'?)");
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain("looks like a token: use 'tokenfn decode TOKEN'");
    expect(pasted.stderr).not.toContain('eJxTYGBg');
  });
});

describe('tokenfn usage errors exit 2 with a helpful message', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown flag',
      ['rtc', '--chanel', 'x', '--uid', '1'],
      /unknown option --chanel \(did you mean --channel\?\)/,
    ],
    ['camelCase flag', ['rtm', '--userId', 'a'], /unknown option --userId \(did you mean --user-id\?\)/],
    ['missing --channel', ['rtc', '--uid', '1'], /missing --channel NAME/],
    ['neither --uid nor --account', ['rtc', '--channel', 'c'], /missing --uid N or --account NAME/],
    [
      'both --uid and --account',
      ['rtc', '--channel', 'c', '--uid', '1', '--account', 'a'],
      /either --uid or --account, not both/,
    ],
    [
      'uid not a number',
      ['rtc', '--channel', 'c', '--uid', 'abc'],
      /--uid must be an integer from 0 to 4294967295/,
    ],
    ['uid too large', ['rtc', '--channel', 'c', '--uid', '4294967296'], /--uid must be an integer/],
    ['negative uid', ['rtc', '--channel', 'c', '--uid=-1'], /--uid must be an integer/],
    ['uid without value', ['rtc', '--channel', 'c', '--uid'], /--uid needs a value/],
    [
      'channel followed by a flag',
      ['rtc', '--channel', '--uid', '5'],
      /--channel needs a value, and the next argument starts with '-'; write --channel=VALUE/,
    ],
    [
      'value for a switch',
      ['rtc', '--channel', 'c', '--uid', '1', '--rtm=yes'],
      /--rtm does not take a value/,
    ],
    [
      'unix timestamp as expires-in',
      ['rtc', '--channel', 'c', '--uid', '1', '--expires-in', '1795000000'],
      /seconds from now, not a unix timestamp \(1795000000 looks like a unix timestamp\)/,
    ],
    [
      'expires-in just over a day',
      ['rtm', '--user-id', 'u', '--expires-in', '86401'],
      /at most 86400 \(24 hours\): it is seconds from now, not a unix timestamp/,
    ],
    ['expires-in zero', ['chat', '--expires-in', '0'], /at least 1 second/],
    ['expires-in not a number', ['chat', '--expires-in', 'soon'], /--expires-in must be a number of seconds/],
    [
      'bad role',
      ['rtc', '--channel', 'c', '--uid', '1', '--role', 'admin'],
      /--role must be 'publisher' or 'subscriber'/,
    ],
    ['channel with a slash', ['rtc', '--channel', 'a/b', '--uid', '1'], /^tokenfn rtc: --channel: /m],
    ['--rtm with uid 0', ['rtc', '--channel', 'c', '--uid', '0', '--rtm'], /--rtm needs a user id/],
    ['missing --user-id', ['rtm'], /missing --user-id ID/],
    ['stray argument', ['chat', 'alice'], /too many arguments: expected no arguments, got 1/],
    ['decode without a token', ['decode'], /missing TOKEN/],
  ];

  it('for every case in the table', async () => {
    const results = await Promise.all(cases.map(([, args]) => tokenfn(args)));
    results.forEach((result, i) => {
      const [name, args, message] = cases[i]!;
      expect({ name, code: result.code, stdout: result.stdout }).toEqual({ name, code: 2, stdout: '' });
      expect(result.stderr, name).toMatch(message);
      expect(result.stderr, name).toContain(`Run 'tokenfn ${args[0]} --help' for usage.`);
      expect(hasStackTrace(result.stderr), name).toBe(false);
      expect(result.stderr, name).not.toContain('note:');
    });
  });

  it('refuses the certificate on the command line and never echoes it', async () => {
    const [flag, flagEq, positional] = await Promise.all([
      tokenfn(['verify', '007abc', '--app-certificate', SECRET_CERT]),
      tokenfn(['verify', '007abc', `--certificate=${SECRET_CERT}`]),
      tokenfn(['verify', '007abc', SECRET_CERT]),
    ]);
    for (const result of [flag, flagEq, positional]) {
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toContain(SECRET_CERT);
    }
    expect(flag.stderr).toContain('never taken from the command line');
    expect(flagEq.stderr).toContain('--certificate is not accepted');
    expect(positional.stderr).toContain('too many arguments: expected only TOKEN, got 2');
  });

  it('rejects half-set or malformed credentials from the environment without echoing them', async () => {
    const build = ['rtc', '--channel', 'c', '--uid', '1'];
    const [onlyId, onlyCert, badCert, badId, bothForms] = await Promise.all([
      tokenfn(build, { env: { AGORA_APP_ID: '970CA35de60c44645bbae8a215061b33' } }),
      tokenfn(build, { env: { AGORA_APP_CERTIFICATE: SECRET_CERT } }),
      tokenfn(build, {
        env: { AGORA_APP_ID: '970CA35de60c44645bbae8a215061b33', AGORA_APP_CERTIFICATE: `${SECRET_CERT}zz` },
      }),
      tokenfn(build, { env: { AGORA_APP_ID: 'not-an-app-id', AGORA_APP_CERTIFICATE: SECRET_CERT } }),
      tokenfn(build, {
        env: {
          AGORA_APPS: JSON.stringify({
            apps: { a: { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: SECRET_CERT } },
          }),
          AGORA_APP_CERTIFICATE: SECRET_CERT,
        },
      }),
    ]);
    expect(onlyId.stderr).toContain(
      'AGORA_APP_CERTIFICATE: is not set, but AGORA_APP_ID is: set both (or neither, to use the demo credentials)',
    );
    expect(onlyCert.stderr).toContain('AGORA_APP_ID: is not set, but AGORA_APP_CERTIFICATE is: set both');
    // the service's rule: one form of credential variables, never a silent choice between two
    expect(bothForms.stderr).toContain('AGORA_APPS: is set, and so is AGORA_APP_ID/AGORA_APP_CERTIFICATE');
    expect(bothForms.code).not.toBe(0);
    expect(badCert.stderr).toContain(
      'AGORA_APP_CERTIFICATE is not an App Certificate: it must be exactly 32 hexadecimal',
    );
    expect(badId.stderr).toMatch(/^tokenfn rtc: AGORA_APP_ID: /m);
    for (const result of [onlyId, onlyCert, badCert, badId, bothForms]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain(SECRET_CERT);
    }
  });
});
