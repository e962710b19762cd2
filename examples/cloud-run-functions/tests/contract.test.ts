// The contract suite against the Cloud Run functions example as Google runs it: the functions-framework
// command serving the built dist/index.js (package.json "main") on Node, over real HTTP on loopback.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CONTRACT_API_KEY, CONTRACT_ENV } from '@tokenfn/contract-tests';
import { sendOverHttp } from '@tokenfn/contract-tests/http-client';
import { startServerProcess } from '@tokenfn/example-runtimes';
import { defineProcessContract, itRefusesGatewayMode } from '@tokenfn/example-runtimes/contract';
import { beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const framework = `${here}node_modules/@google-cloud/functions-framework/build/src/main.js`;

beforeAll(() => {
  // the deployable artefact, built as `gcp-build` builds it on Google's side
  execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: here, stdio: ['ignore', 'ignore', 'inherit'] });
});

/** A port nothing listens on now (the framework takes a fixed --port and prints no other). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * `functions-framework --target=tokenfn` serving this folder on a free port. The framework's banner says it
 * listens (not printed under NODE_ENV=production); else the app's `app initialised` line, then /healthz.
 */
const runFramework = async (env: Record<string, string>, o: { waitForBanner?: boolean } = {}) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess(
    process.execPath,
    [framework, '--target=tokenfn', `--source=${here}`, `--port=${port}`],
    {
      cwd: tmpdir(),
      env,
      ready: o.waitForBanner === false ? /"message":"(app) initialised"/ : /^URL: (http:\/\/localhost:\d+)\//,
    },
  );
  if (o.waitForBanner === false) await untilAnswering(url);
  return { ...server, url };
};

async function untilAnswering(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await sendOverHttp(url, new Request('http://x/healthz')).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never answered /healthz`);
}

/** functions-framework parses JSON bodies itself before the function runs (see the README). */
const FRAMEWORK_ANSWERS_FIRST =
  'functions-framework parses application/json bodies before the function runs and answers a body that is ' +
  'not JSON (or a JSON scalar) with its own 400 page';

defineProcessContract('functions-framework (examples/cloud-run-functions)', runFramework, {
  platformExceptions: { '400 for a body that is not JSON, or not an object': FRAMEWORK_ANSWERS_FIRST },
});
itRefusesGatewayMode(runFramework);

describe('what the framework answers before the function', () => {
  it('a body that is not JSON, or a JSON scalar: a plain 400 with no token, and no stack trace in production', async () => {
    // NODE_ENV=production as on Cloud Run functions: then the framework prints no banner, so readiness is
    // the first answer to /healthz.
    const server = await runFramework({ ...CONTRACT_ENV, NODE_ENV: 'production' }, { waitForBanner: false });
    try {
      for (const body of ['{"channel": "c",', 'null']) {
        const res = await sendOverHttp(
          server.url,
          new Request('http://x/v1/tokens/rtc', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': CONTRACT_API_KEY },
            body,
          }),
        );
        expect(res.status).toBe(400);
        const text = await res.text();
        expect(text).not.toMatch(/00[67][A-Za-z0-9+/=]{40,}/);
        expect(text).not.toContain('SyntaxError');
        expect(text).not.toContain(body);
      }
      // an array is JSON the framework accepts, so the app answers it with its own problem
      const res = await sendOverHttp(
        server.url,
        new Request('http://x/v1/tokens/rtc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': CONTRACT_API_KEY },
          body: '[1,2]',
        }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await server.stop();
    }
  });
});
