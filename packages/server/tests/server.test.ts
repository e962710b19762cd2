// The local server (src/server.ts): startServer in-process, and `pnpm start` as a real child process
// (banner, URL, curl line, .env file, clean stop on SIGINT and SIGTERM).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@tokenfn/http';
import { LogCapture } from '@tokenfn/http/testing';
import { describe, expect, inject, it } from 'vitest';
import { withEnvFile } from '../src/env-file.js';
import { banner, startServer } from '../src/server.js';

const CORE = new URL('..', import.meta.url).pathname;
// What `pnpm start` runs: the bundle of scripts/build.ts (built once per run by the global setup)
const SERVER = inject('serverBundle');
const OWN = {
  AGORA_APP_ID: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  AGORA_APP_CERTIFICATE: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
};

describe('startServer', () => {
  it('serves on loopback with AUTH_MODE none by default, with demo credentials when none are given', async () => {
    const logs = new LogCapture();
    const s = await startServer({ env: {}, host: '127.0.0.1', port: 0, logger: logs.logger });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.demoCredentials).toBe(true);
      expect(s.config.authMode).toBe('none');
      const res = await fetch(`${s.url}/v1/tokens/rtm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"userId":"u"}',
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { appId: string }).appId).toBe('970CA35de60c44645bbae8a215061b33');
      expect(logs.entries().some((e) => e['route'] === '/v1/tokens/rtm')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('413 for a chunked body over 8 KiB (no Content-Length), counted on the bytes received', async () => {
    const s = await startServer({ env: {}, host: '127.0.0.1', port: 0, logger: new LogCapture().logger });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${s.url}/v1/tokens/rtc`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('{"channel":"');
        for (let i = 0; i < 20; i++) req.write('x'.repeat(1000));
        req.end('"}');
      });
      expect(status).toBe(413);
    } finally {
      await s.close();
    }
  });

  it('uses AGORA_APP_ID / AGORA_APP_CERTIFICATE from the environment', async () => {
    const s = await startServer({ env: OWN, host: '127.0.0.1', port: 0, logger: new LogCapture().logger });
    try {
      expect(s.demoCredentials).toBe(false);
      const res = await fetch(`${s.url}/v1/tokens/rtm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"userId":"u"}',
      });
      expect(((await res.json()) as { appId: string }).appId).toBe(OWN.AGORA_APP_ID);
    } finally {
      await s.close();
    }
  });

  it('refuses half the credentials, and AUTH_MODE none off loopback without ALLOW_UNAUTHENTICATED', async () => {
    await expect(startServer({ env: { AGORA_APP_ID: OWN.AGORA_APP_ID }, port: 0 })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(startServer({ env: { AGORA_APP_ID: OWN.AGORA_APP_ID }, port: 0 })).rejects.toThrow(
      /^AGORA_APP_CERTIFICATE: is not set, but AGORA_APP_ID is/,
    );
    await expect(startServer({ env: { ...OWN, AGORA_APPS: '{"apps":{}}' }, port: 0 })).rejects.toThrow(
      /^AGORA_APPS: is set, and so is/,
    );
    await expect(startServer({ env: {}, host: '0.0.0.0', port: 0 })).rejects.toThrow(/AUTH_MODE/);
  });

  it('refuses a certificate or App ID that is not 32 hex characters at start, naming the variable only', async () => {
    const bad = 'not-a-certificate-but-a-secret!!';
    const attempt = startServer({ env: { ...OWN, AGORA_APP_CERTIFICATE: bad }, port: 0 });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/^AGORA_APP_CERTIFICATE: must be 32 hexadecimal characters$/);
    await expect(attempt).rejects.not.toThrow(bad);
    await expect(startServer({ env: { ...OWN, AGORA_APP_ID: 'x' }, port: 0 })).rejects.toThrow(
      /^AGORA_APP_ID/,
    );
  });
});

/** A request over node:http with a Host header of our choosing (fetch would not send it as given). */
function requestWithHost(
  url: string,
  host: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json', ...headers }, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            requestId: res.headers['x-request-id'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the unauthenticated local server and DNS rebinding', () => {
  it('answers only requests addressed to a loopback name', async () => {
    const logs = new LogCapture();
    const s = await startServer({ env: {}, host: '127.0.0.1', port: 0, logger: logs.logger });
    try {
      const port = new URL(s.url).port;
      const rtm = `${s.url}/v1/tokens/rtm`;
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `LOCALHOST:${port}`,
        `[::1]:${port}`,
        'localhost',
      ]) {
        expect((await requestWithHost(rtm, host, '{"userId":"u"}')).status, host).toBe(200);
      }
      // a page on attacker.example whose DNS now answers 127.0.0.1 sends Host: attacker.example
      for (const host of [
        `attacker.example:${port}`,
        'attacker.example',
        `localhost.attacker.example:${port}`,
        `127.0.0.1.attacker.example:${port}`,
        `192.168.1.20:${port}`,
      ]) {
        const r = await requestWithHost(rtm, host, '{"userId":"u"}');
        expect(r.status, host).toBe(403);
        expect(JSON.parse(r.body)).toMatchObject({ status: 403, code: 'ERR_HOST_NOT_ALLOWED' });
        expect(r.body).not.toMatch(/007[A-Za-z0-9+/=]{20,}/);
        expect(r.requestId).toBeTruthy();
      }
      expect(logs.entries().some((e) => e['code'] === 'ERR_HOST_NOT_ALLOWED' && e['status'] === 403)).toBe(
        true,
      );
    } finally {
      await s.close();
    }
  });

  it('leaves the Host alone when requests are authenticated', async () => {
    const env = { AUTH_MODE: 'api-key', API_KEY_HASHES: createHash('sha256').update('k-1').digest('hex') };
    const s = await startServer({ env, host: '127.0.0.1', port: 0, logger: new LogCapture().logger });
    try {
      const r = await requestWithHost(`${s.url}/v1/tokens/rtm`, 'tokens.example.com', '{"userId":"u"}', {
        'x-api-key': 'k-1',
      });
      expect(r.status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('PORT is a decimal port number; padding is trimmed, 0x50, 1e3 or 80.0 are refused', async () => {
    for (const PORT of ['0x50', '1e3', '80.0', '-1', '65536', 'http']) {
      await expect(startServer({ env: { PORT } }), PORT).rejects.toThrow(/PORT/);
    }
    const s = await startServer({ env: { PORT: ' 0 ' }, logger: new LogCapture().logger });
    await s.close();
  });

  it('HOST= (empty) means the loopback default, not every interface', async () => {
    const s = await startServer({ env: { HOST: '', PORT: '0' }, logger: new LogCapture().logger });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.config.authMode).toBe('none');
    } finally {
      await s.close();
    }
  });
});

describe('the repository .env.example', () => {
  it('copied to .env as it is, starts the demo server on loopback', async () => {
    const { env } = withEnvFile({}, join(CORE, '../../.env.example'));
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['AGORA_APP_ID', 'AUTH_MODE', 'PORT']));
    const s = await startServer({ env: { ...env, PORT: '0' }, logger: new LogCapture().logger });
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(s.demoCredentials).toBe(true);
      expect(s.config.authMode).toBe('none');
    } finally {
      await s.close();
    }
  });
});

describe('the banner', () => {
  const open = loadConfig({ AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' });
  it('warns loudly when an unauthenticated server listens beyond loopback', () => {
    for (const url of ['http://0.0.0.0:8787', 'http://[::]:8787', 'http://192.168.1.20:8787']) {
      expect(banner({ url, demoCredentials: false, config: open }), url).toMatch(
        /UNAUTHENTICATED ON THE NETWORK/,
      );
    }
    for (const url of ['http://127.0.0.1:8787', 'http://[::1]:8787']) {
      expect(banner({ url, demoCredentials: false, config: open }), url).not.toMatch(/UNAUTHENTICATED/);
    }
    const keyed = loadConfig({ AUTH_MODE: 'api-key', API_KEY_HASHES: 'a'.repeat(64) });
    const text = banner({ url: 'http://0.0.0.0:8787', demoCredentials: false, config: keyed });
    expect(text).not.toMatch(/UNAUTHENTICATED/);
    expect(text).toContain("-H 'X-API-Key: <your API key>'");
  });
});

function run(
  env: Record<string, string>,
  cwd: string,
): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [SERVER], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`not ready: ${out}`)), 15_000).unref();
  });
  return { child, output: () => out, ready };
}

async function waitForOutput(output: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 500 && !pattern.test(output()); i++) await new Promise((r) => setTimeout(r, 10));
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('pnpm start (the server bundle as a process)', () => {
  it('prints the demo banner, the URL and a curl line that works; stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-'));
    const p = run({ PORT: '0' }, dir);
    const url = await p.ready;
    const out = p.output();
    expect(out).toMatch(/DEMO CREDENTIALS/);
    const curl = /curl -s -X POST (\S+) -H 'Content-Type: application\/json' -d '([^']+)'/.exec(out);
    expect(curl?.[1]).toBe(`${url}/v1/tokens/rtc`);
    const res = await fetch(curl![1]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: curl![2]!,
    });
    expect(res.status).toBe(200);
    // the page the bundle carries (built with it: no esbuild at run time)
    const page = await fetch(`${url}/inspect`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/inspect/inspector.js"');
    expect(readFileSync(SERVER, 'utf8')).not.toMatch(/from ["']esbuild["']/);
    const done = exited(p.child);
    p.child.kill('SIGINT');
    expect(await done).toEqual({ code: 0, signal: null });
    expect(p.output()).toMatch(/SIGINT received, stopping/);
  });

  it('reads credentials from a .env file (the environment wins) and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-'));
    writeFileSync(
      join(dir, '.env'),
      `AGORA_APP_ID=${OWN.AGORA_APP_ID}\nAGORA_APP_CERTIFICATE=${OWN.AGORA_APP_CERTIFICATE}\nAUTH_MODE=api-key\n`,
    );
    const p = run({ PORT: '0', AUTH_MODE: 'none' }, dir);
    const url = await p.ready;
    expect(p.output()).not.toMatch(/DEMO CREDENTIALS/);
    expect(p.output()).toMatch(/read .*\.env/);
    expect(p.output()).toMatch(/AUTH_MODE=none/);
    const res = await fetch(`${url}/v1/tokens/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId":"z"}',
    });
    expect(((await res.json()) as { appId: string }).appId).toBe(OWN.AGORA_APP_ID);
    expect(p.output()).not.toContain(OWN.AGORA_APP_CERTIFICATE);
    const done = exited(p.child);
    p.child.kill('SIGTERM');
    expect(await done).toEqual({ code: 0, signal: null });
  });

  it('reads the .env of the directory pnpm was started from (INIT_CWD)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenfn-root-'));
    const pkg = mkdtempSync(join(tmpdir(), 'tokenfn-pkg-'));
    writeFileSync(
      join(root, '.env'),
      `AGORA_APP_ID=${OWN.AGORA_APP_ID}\nAGORA_APP_CERTIFICATE=${OWN.AGORA_APP_CERTIFICATE}\n`,
    );
    const p = run({ PORT: '0', INIT_CWD: root }, pkg);
    await p.ready;
    expect(p.output()).toContain(join(root, '.env'));
    expect(p.output()).not.toMatch(/DEMO CREDENTIALS/);
    const done = exited(p.child);
    p.child.kill('SIGTERM');
    await done;
  });

  it('exits 1 with one clear line when the port is taken', async () => {
    const holder = createServer();
    await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok));
    try {
      const port = (holder.address() as AddressInfo).port;
      const p = run({ PORT: String(port) }, mkdtempSync(join(tmpdir(), 'tokenfn-')));
      p.ready.catch(() => {});
      const done = await exited(p.child);
      expect(done.code).toBe(1);
      expect(p.output()).toContain(`tokenfn: cannot listen on 127.0.0.1:${port}: the port is in use`);
      expect(p.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      await new Promise((ok) => holder.close(ok));
    }
  });

  it('exits 2 with one line when the .env cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-'));
    mkdirSync(join(dir, '.env'));
    const p = run({ PORT: '0' }, dir);
    p.ready.catch(() => {});
    const done = await exited(p.child);
    expect(done.code).toBe(2);
    expect(p.output()).toContain(`tokenfn: cannot read ${join(dir, '.env')}: it is a directory`);
    expect(p.output()).not.toMatch(/\n\s+at /);
  });

  it('a second SIGINT while a request holds the stop stops at once, with 130', async () => {
    const p = run({ PORT: '0' }, mkdtempSync(join(tmpdir(), 'tokenfn-')));
    const url = new URL(await p.ready);
    // a request whose headers never end keeps its connection busy, so the first stop waits on it
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((ok) => socket.once('connect', ok));
    socket.write('POST /v1/tokens/rtc HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    socket.on('error', () => {});
    const done = exited(p.child);
    p.child.kill('SIGINT');
    await waitForOutput(p.output, /SIGINT received, stopping/);
    p.child.kill('SIGINT');
    expect(await done).toEqual({ code: 130, signal: null });
    expect(p.output()).toContain('SIGINT received again, stopping now');
    socket.destroy();
  });

  it('exits 2 with a clear message on invalid configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-'));
    const p = run({ PORT: '0', AUTH_MODE: 'api-key' }, dir);
    p.ready.catch(() => {});
    const done = await exited(p.child);
    expect(done.code).toBe(2);
    expect(p.output()).toMatch(/configuration error: API_KEY_HASHES/);
  });
});
