// `tokenfn doctor`: the credentials in the environment, and deployments over real HTTP: the local server
// (src/server.ts of @tokenfn/server, with the contract's API-key and CORS configuration), a stand-in whose
// credentials do not load (503), and a stand-in whose clock is 10 minutes ahead.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTRACT_API_KEY, CONTRACT_ENV, CONTRACT_ORIGIN } from '@tokenfn/contract-tests';
import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { buildRtcToken, DEMO_CREDENTIALS } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { type RunningServer, startServer } from '@tokenfn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, hex32 } from './run-cli';

const tokenfn = builtCli();

interface Check {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  fix?: string;
  findings?: Array<{ code: string; severity: string }>;
}
const statuses = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));
const doctorJson = async (args: string[], env?: Record<string, string>) => {
  const result = await tokenfn(['doctor', ...args, '--json'], { env });
  return { ...result, out: JSON.parse(result.stdout) as { ok: boolean; url?: string; checks: Check[] } };
};

describe('tokenfn doctor (local credentials)', () => {
  it('good credentials: every check passes, a minted token verifies, the certificate is never shown', async () => {
    const env = { AGORA_APP_ID: hex32(), AGORA_APP_CERTIFICATE: hex32() };
    const result = await tokenfn(['doctor'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      new RegExp(`^✓ AGORA_APP_ID +32 hexadecimal characters \\(${env.AGORA_APP_ID}\\)$`, 'm'),
    );
    expect(result.stdout).toMatch(/^✓ AGORA_APP_CERTIFICATE +32 hexadecimal characters$/m);
    expect(result.stdout).toMatch(/^✓ mint and verify +an RTC token minted with them verifies/m);
    expect(result.stdout).toMatch(/^all checks passed$/m);
    expect(result.stdout).not.toContain(env.AGORA_APP_CERTIFICATE);
  });

  it('the usual mistakes, each named with its fix and never echoed', async () => {
    const appId = hex32();
    const cert = hex32();
    const cases: Array<[Record<string, string>, string, string]> = [
      [
        { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: `"${cert}"` },
        'AGORA_APP_CERTIFICATE',
        'is wrapped in quotes',
      ],
      [
        { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: `${cert}\r` },
        'AGORA_APP_CERTIFICATE',
        'carriage return',
      ],
      [
        { AGORA_APP_ID: ` ${appId}`, AGORA_APP_CERTIFICATE: cert },
        'AGORA_APP_ID',
        'spaces or line breaks around it',
      ],
      [
        { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: cert.slice(0, 31) },
        'AGORA_APP_CERTIFICATE',
        '31 characters long',
      ],
      [
        { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: `${cert.slice(0, 31)}g` },
        'AGORA_APP_CERTIFICATE',
        'other than 0-9',
      ],
      [{ AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appId }, 'pair', 'is the App ID itself'],
      [{ AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: `'${appId}'` }, 'pair', 'is the App ID itself'],
      [
        { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate },
        'pair',
        'do not belong together',
      ],
      [{ AGORA_APP_ID: appId }, 'AGORA_APP_CERTIFICATE', 'is not set, but AGORA_APP_ID is'],
    ];
    for (const [env, id, detail] of cases) {
      const { code, out, stdout } = await doctorJson([], env);
      expect(code, detail).toBe(1);
      const check = out.checks.find((c) => c.id === id);
      expect(check, detail).toMatchObject({ status: 'fail', detail: expect.stringContaining(detail) });
      expect(check?.fix, detail).toBeTruthy();
      expect(stdout).not.toContain(cert.slice(0, 31));
      expect(out.checks.some((c) => c.id === 'mint')).toBe(false);
    }
  });

  it('without credentials: a warning about the demo ones, and exit 0', async () => {
    const { code, out } = await doctorJson([]);
    expect(code).toBe(0);
    expect(statuses(out.checks)).toEqual({ credentials: 'warn', mint: 'pass' });
  });

  it('AGORA_APPS: the document, the default app, and a minted token for each app; no certificate shown', async () => {
    const [prod, staging] = [
      { appId: hex32(), appCertificate: hex32() },
      { appId: hex32(), appCertificate: hex32() },
    ];
    const AGORA_APPS = JSON.stringify({ apps: { prod, staging } });
    const good = await doctorJson([], { AGORA_APPS, AGORA_DEFAULT_APP: 'prod' });
    expect(good.code).toBe(0);
    expect(statuses(good.out.checks)).toEqual({
      AGORA_APPS: 'pass',
      'prod:mint': 'pass',
      'staging:mint': 'pass',
    });
    expect(good.out.checks[0]?.detail).toBe('2 apps: prod, staging');
    for (const secret of [prod.appCertificate, staging.appCertificate])
      expect(good.stdout).not.toContain(secret);

    // several apps and no default: a warning (each command then needs --app); a default naming none: a failure
    expect(statuses((await doctorJson([], { AGORA_APPS })).out.checks)['AGORA_DEFAULT_APP']).toBe('warn');
    const missing = await doctorJson([], { AGORA_APPS, AGORA_DEFAULT_APP: 'dev' });
    expect(missing.code).toBe(1);
    expect(missing.out.checks.find((c) => c.id === 'AGORA_DEFAULT_APP')).toMatchObject({
      status: 'fail',
      detail: 'names no app of AGORA_APPS',
    });

    // one app's certificate is the demo one while its App ID is not: that app fails, and mints nothing
    const mixed = JSON.stringify({
      apps: { prod, demo: { appId: hex32(), appCertificate: DEMO_CREDENTIALS.appCertificate } },
    });
    const pair = await doctorJson([], { AGORA_APPS: mixed, AGORA_DEFAULT_APP: 'prod' });
    expect(pair.code).toBe(1);
    expect(statuses(pair.out.checks)).toMatchObject({ 'demo:pair': 'fail', 'prod:mint': 'pass' });
    expect(statuses(pair.out.checks)['demo:mint']).toBeUndefined();
  });

  it('a previous certificate (a rotation): said to be set, refused when it is the current one', async () => {
    const [appId, cert, previous] = [hex32(), hex32(), hex32()];
    const rotating = await doctorJson([], {
      AGORA_APP_ID: appId,
      AGORA_APP_CERTIFICATE: cert,
      AGORA_PREVIOUS_APP_CERTIFICATE: previous,
    });
    expect(rotating.code).toBe(0);
    expect(statuses(rotating.out.checks)).toMatchObject({
      AGORA_PREVIOUS_APP_CERTIFICATE: 'pass',
      mint: 'pass',
    });
    const same = await doctorJson([], {
      AGORA_APP_ID: appId,
      AGORA_APP_CERTIFICATE: cert,
      AGORA_PREVIOUS_APP_CERTIFICATE: cert.toUpperCase(),
    });
    expect(same.code).toBe(1);
    expect(same.out.checks.find((c) => c.id === 'AGORA_PREVIOUS_APP_CERTIFICATE')).toMatchObject({
      status: 'fail',
      detail: 'is the current certificate itself',
    });
    const quoted = await doctorJson([], {
      AGORA_APP_ID: appId,
      AGORA_APP_CERTIFICATE: cert,
      AGORA_PREVIOUS_APP_CERTIFICATE: `"${previous}"`,
    });
    expect(quoted.out.checks.find((c) => c.id === 'AGORA_PREVIOUS_APP_CERTIFICATE')?.detail).toBe(
      'is wrapped in quotes',
    );
    const apps = JSON.stringify({
      apps: { prod: { appId, appCertificate: cert, previousAppCertificate: appId } },
    });
    const app = await doctorJson([], { AGORA_APPS: apps });
    expect(app.out.checks.find((c) => c.id === 'prod:previous')).toMatchObject({
      status: 'fail',
      detail: 'is the App ID',
    });
    for (const r of [rotating, same, quoted, app]) {
      for (const secret of [cert, previous])
        expect(r.stdout.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it('AGORA_APPS malformed, or set with the pair: a failure that quotes no value', async () => {
    const cert = hex32();
    const malformed = await doctorJson([], {
      AGORA_APPS: JSON.stringify({
        apps: { prod: { appId: hex32(), appCertificate: `${cert.slice(0, 30)}` } },
      }),
    });
    expect(malformed.code).toBe(1);
    expect(malformed.out.checks).toHaveLength(1);
    expect(malformed.out.checks[0]).toMatchObject({ id: 'AGORA_APPS', status: 'fail' });
    expect(malformed.out.checks[0]?.detail).toMatch(/^is malformed: /);
    expect(malformed.stdout).not.toContain(cert.slice(0, 30));
    const both = await doctorJson([], {
      AGORA_APPS: JSON.stringify({ apps: { prod: { appId: hex32(), appCertificate: cert } } }),
      AGORA_APP_CERTIFICATE: cert,
    });
    expect(both.code).toBe(1);
    expect(both.out.checks).toEqual([
      expect.objectContaining({
        id: 'credentials',
        status: 'fail',
        detail: 'AGORA_APPS and AGORA_APP_ID/AGORA_APP_CERTIFICATE are both set',
      }),
    ]);
    expect(both.stdout).not.toContain(cert);
  });

  it('--api-key and --origin belong to --url', async () => {
    const result = await tokenfn(['doctor', '--origin', 'https://a.example']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--origin goes with --url');
  });

  it('refuses to send an API key or a bearer token over plain http off loopback', async () => {
    for (const flag of ['--api-key', '--bearer']) {
      const result = await tokenfn(['doctor', '--url', 'http://tokens.example.test', flag], {
        env: { TOKENFN_API_KEY: 'a-key-that-must-not-travel', TOKENFN_BEARER: 'a-jwt-that-must-not-travel' },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${flag} over plain http`);
      expect(result.stdout + result.stderr).not.toMatch(/must-not-travel/);
    }
  });
});

describe('tokenfn doctor --url (the local server)', () => {
  let server: RunningServer;
  const logs = new LogCapture();
  const env = {
    AGORA_APP_ID: DEMO_CREDENTIALS.appId,
    AGORA_APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate,
  };
  beforeAll(async () => {
    server = await startServer({ env: CONTRACT_ENV, host: '127.0.0.1', port: 0, logger: logs.logger });
  });
  afterAll(() => server?.close());

  it('a healthy deployment: every check passes, the minted token explained and signed with our certificate', async () => {
    const result = await tokenfn(
      ['doctor', '--url', `${server.url}/`, '--api-key', '--origin', CONTRACT_ORIGIN],
      {
        env: { ...env, TOKENFN_API_KEY: CONTRACT_API_KEY },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    for (const title of [
      'GET /healthz',
      'GET /readyz',
      'GET /openapi.json',
      'clock',
      'POST /v1/tokens/rtc',
    ]) {
      expect(lines.some((l) => l.startsWith(`✓ ${title} `))).toBe(true);
    }
    expect(result.stdout).toMatch(
      /^✓ CORS for https:\/\/app\.example\.com +the preflight and the token answer allow it/m,
    );
    expect(result.stdout).toContain('signed with AGORA_APP_CERTIFICATE');
    expect(result.stdout).toMatch(/^all checks passed$/m);
    expect(result.stdout).not.toContain(CONTRACT_API_KEY);
    const secrets = new SecretSet();
    secrets.add(CONTRACT_API_KEY);
    expectCleanLogs(logs.lines, secrets);
  });

  it('with AGORA_APPS here, the minted token is checked against the app with its App ID', async () => {
    const AGORA_APPS = JSON.stringify({
      apps: { other: { appId: hex32(), appCertificate: hex32() }, demo: DEMO_CREDENTIALS },
    });
    const result = await tokenfn(['doctor', '--url', server.url, '--api-key'], {
      env: { AGORA_APPS, TOKENFN_API_KEY: CONTRACT_API_KEY },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('signed with the certificate of app demo (AGORA_APPS)');
    expect(result.stdout).not.toContain(DEMO_CREDENTIALS.appCertificate);
  });

  it('the API key from standard input; --json lists every check', async () => {
    const result = await tokenfn(['doctor', '--url', server.url, '--api-key', '--json'], {
      stdin: CONTRACT_API_KEY,
    });
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ ok: true, url: server.url });
    expect(statuses(out.checks)).toEqual({
      healthz: 'pass',
      readyz: 'pass',
      openapi: 'pass',
      clock: 'pass',
      mint: 'pass',
    });
  });

  it('no key, a wrong certificate here, an origin the deployment does not allow: each a failed check', async () => {
    const noKey = await doctorJson(['--url', server.url]);
    expect(noKey.code).toBe(1);
    const mint = noKey.out.checks.find((c) => c.id === 'mint');
    expect(mint).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^401/) });
    expect(mint?.fix).toContain('pass --api-key or --bearer');

    const otherCert = await doctorJson(
      ['--url', server.url, '--api-key', '--origin', 'https://evil.example'],
      {
        TOKENFN_API_KEY: CONTRACT_API_KEY,
        AGORA_APP_ID: DEMO_CREDENTIALS.appId,
        AGORA_APP_CERTIFICATE: hex32(),
      },
    );
    expect(otherCert.code).toBe(1);
    expect(statuses(otherCert.out.checks)).toMatchObject({ healthz: 'pass', mint: 'fail', cors: 'fail' });
    const minted = otherCert.out.checks.find((c) => c.id === 'mint');
    expect(minted?.findings?.map((f) => f.code)).toContain('SIGNATURE_MISMATCH');
    expect(otherCert.out.checks.find((c) => c.id === 'cors')?.fix).toBe(
      'add https://evil.example to CORS_ALLOW_ORIGINS on the deployment',
    );
  });
});

/** A node:http stand-in for a deployment; `handle` answers every request. */
async function standIn(handle: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handle);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('tokenfn doctor --url (stand-ins for broken deployments)', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((ok) => s.close(ok)))));

  it('a deployment whose credentials do not load: /readyz and the mint fail with 503 and Retry-After', async () => {
    const { url, server } = await standIn((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      res
        .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '30' })
        .end(
          JSON.stringify({ title: 'Service Unavailable', status: 503, code: 'ERR_CREDENTIALS_UNAVAILABLE' }),
        );
    });
    servers.push(server);
    const { code, out } = await doctorJson(['--url', url]);
    expect(code).toBe(1);
    expect(statuses(out.checks)).toEqual({
      healthz: 'pass',
      readyz: 'fail',
      openapi: 'fail',
      clock: 'pass',
      mint: 'fail',
    });
    const ready = out.checks.find((c) => c.id === 'readyz');
    expect(ready?.detail).toBe(
      '503: the deployment cannot load its App ID and certificate; Retry-After 30 s',
    );
    expect(out.checks.find((c) => c.id === 'mint')?.detail).toBe(
      '503: Service Unavailable (ERR_CREDENTIALS_UNAVAILABLE); Retry-After 30 s',
    );
  });

  it('a deployment whose clock is 10 minutes ahead: the clock fails, its token is "issued in the future"', async () => {
    const skewMs = 10 * 60 * 1000;
    const { url, server } = await standIn((req, res) => {
      res.setHeader('date', new Date(Date.now() + skewMs).toUTCString());
      res.setHeader('content-type', 'application/json');
      if (req.url === '/healthz') res.end('{"status":"ok"}');
      else if (req.url === '/readyz') res.end('{"status":"ready"}');
      else if (req.url === '/openapi.json') res.end('{"openapi":"3.1.0","paths":{"/v1/tokens/rtc":{}}}');
      else if (req.url === '/v1/tokens/rtc' && req.method === 'POST') {
        const issueTs = Math.floor((Date.now() + skewMs) / 1000);
        const p = { channel: 'tokenfn-doctor', uid: 4242, role: 'subscriber' as const, expiresIn: 300 };
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify({ token: buildRtcToken(DEMO_CREDENTIALS, p, { issueTs }) }));
      } else res.writeHead(404).end('{}');
    });
    servers.push(server);
    const result = await tokenfn(['doctor', '--url', url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^✗ clock +the server's clock \(Date header\) is 10m ahead of this machine's$/m,
    );
    expect(result.stdout).toMatch(
      /^! POST \/v1\/tokens\/rtc +a token for channel "tokenfn-doctor", uid 4242/m,
    );
    expect(result.stdout).toMatch(/! warning +ISSUED_IN_FUTURE +the token was issued 10 min in the future/);
    expect(result.stdout).toMatch(/^1 of 5 checks failed \(1 warning\)$/m);
  });

  it('nothing listening: one failed check that says so', async () => {
    const { url, server } = await standIn(() => {});
    await new Promise((ok) => server.close(ok));
    const { code, out } = await doctorJson(['--url', url]);
    expect(code).toBe(1);
    expect(out.checks).toEqual([
      expect.objectContaining({
        id: 'healthz',
        status: 'fail',
        detail: 'no answer: connection refused (nothing listens there)',
      }),
    ]);
  });

  it('a bad --url or --origin is a usage error', async () => {
    for (const [args, message] of [
      [['--url', 'tokens.example.com'], 'must be an absolute URL'],
      [['--url', 'ftp://x.example'], 'http:// or https://'],
      [['--url', 'https://user:pw@x.example'], 'user name or password'],
      [['--url', 'https://x.example', '--origin', 'https://a.example/path'], 'no path'],
      [['--url', 'https://x.example', '--api-key'], 'TOKENFN_API_KEY'],
    ] as const) {
      const result = await tokenfn(['doctor', ...args]);
      expect(result.code, message).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
