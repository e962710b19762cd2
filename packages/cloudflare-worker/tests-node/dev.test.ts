// The README's "Develop locally" steps, as written: .dev.vars made from .dev.vars.example (the certificate
// filled in, the optional var overrides uncommented), then the package's own `dev` script (`wrangler dev
// --local`), and a token asked of it over HTTP. The overrides must reach the Worker: with
// `secrets.required` set, wrangler drops names of .dev.vars that are neither required secrets nor
// declared vars, and an empty AGORA_APP_ID or API_KEY_HASHES answers every request with a 500.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256, toHex, verifyToken } from '@tokenfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
// Agora's public test credentials (also the contract suite's).
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';
const API_KEY = 'dev-test-key';

/** .dev.vars.example with the certificate and the two optional overrides filled in, nothing else changed. */
function devVarsFromExample(): string {
  const example = readFileSync(join(here, '.dev.vars.example'), 'utf8');
  const filled = example
    .replace(/^AGORA_APP_CERTIFICATE=.*$/m, `AGORA_APP_CERTIFICATE=${CERTIFICATE}`)
    .replace(/^# AGORA_APP_ID=.*$/m, `AGORA_APP_ID=${APP_ID}`)
    .replace(/^# API_KEY_HASHES=.*$/m, `API_KEY_HASHES=${toHex(sha256(new TextEncoder().encode(API_KEY)))}`);
  // The example must still have the lines the README tells the user to fill in.
  expect(filled).toContain(`AGORA_APP_CERTIFICATE=${CERTIFICATE}\n`);
  expect(filled).toContain(`AGORA_APP_ID=${APP_ID}\n`);
  expect(filled).toMatch(/^API_KEY_HASHES=[0-9a-f]{64}$/m);
  return filled;
}

describe('pnpm dev (wrangler dev --local) from the README', () => {
  let dir: string;
  let child: ChildProcess;
  let origin: string;
  let output = '';

  beforeAll(async () => {
    // The package directory itself is left alone: wrangler.jsonc is copied next to the new .dev.vars
    // (wrangler reads .dev.vars beside its config), with `main` pointing back at the sources.
    dir = mkdtempSync(join(tmpdir(), 'tokenfn-dev-'));
    const config = readFileSync(join(here, 'wrangler.jsonc'), 'utf8').replace(
      '"main": "src/index.ts"',
      `"main": ${JSON.stringify(join(here, 'src/index.ts'))}`,
    );
    expect(config).toContain(join(here, 'src/index.ts'));
    writeFileSync(join(dir, 'wrangler.jsonc'), config);
    copyFileSync(join(here, '.dev.vars.example'), join(dir, '.dev.vars.example'));
    writeFileSync(join(dir, '.dev.vars'), devVarsFromExample());

    const script = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).scripts.dev as string;
    const [command, ...args] = script.split(' ');
    expect(command).toBe('wrangler');
    child = spawn(
      join(here, 'node_modules/.bin/wrangler'),
      [...args, '--config', join(dir, 'wrangler.jsonc'), '--ip', '127.0.0.1', '--port', '0'],
      {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // wrangler's default level ("log"): the binding table and "Ready on …", whatever the run has set
        env: { ...process.env, WRANGLER_LOG: 'log', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
      },
    );
    origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 45_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
    });
  }, 60_000);

  afterAll(() => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the var overrides from .dev.vars and issues a token signed with its certificate', async () => {
    const response = await fetch(`${origin}/v1/tokens/rtc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ channel: 'demo', uid: 42 }),
    });
    const body = (await response.json()) as { token: string; appId: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.appId).toBe(APP_ID);
    expect(verifyToken(body.token, CERTIFICATE)).toBe(true);
    // wrangler shows the bindings it loaded; the certificate itself is never printed
    expect(output).toContain('env.AGORA_APP_CERTIFICATE');
    expect(output).not.toContain(CERTIFICATE);
  });

  it('refuses a wrong API key, so the hash override is the one in use', async () => {
    const response = await fetch(`${origin}/v1/tokens/rtc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'another-key' },
      body: JSON.stringify({ channel: 'demo', uid: 42 }),
    });
    expect(response.status).toBe(401);
  });
});
