// @tokenfn/client as npm users would get it: packed (publishConfig applied), publint clean, no runtime
// dependencies, every export pointing at built JavaScript and types, and usable from a plain Node process
// against a tokenfn endpoint (a node:http stand-in answering the v1 contract's shape).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type PackedPackage, packForConsumer } from '@tokenfn/contract-tests/pack';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let packed: PackedPackage;
let server: Server;
let requests = 0;

beforeAll(async () => {
  // `pnpm test` builds before testing; a lone `vitest run` may not have.
  if (!existsSync(join(clientDir, 'dist/index.js')))
    execFileSync('pnpm', ['run', 'build'], { cwd: clientDir, stdio: 'ignore' });
  packed = packForConsumer(clientDir);
  server = createServer((req, res) => {
    requests++;
    const issuedAt = Math.floor(Date.now() / 1000);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token: '007eJxTYBBbfeKvYkP1u2Ojc8',
        app: 'default',
        appId: '970CA35de60c44645bbae8a215061b33',
        issuedAt,
        expiresAt: issuedAt + 600,
        userId: 'u',
        route: req.url,
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
}, 120_000);

afterAll(async () => {
  packed?.remove();
  await new Promise((ok) => server?.close(ok));
});

describe('the published @tokenfn/client', () => {
  it('exports built JavaScript and types only, and depends on nothing', () => {
    const exports = packed.manifest['exports'] as Record<
      string,
      { types?: string; default?: string } | string
    >;
    for (const [entry, target] of Object.entries(exports)) {
      if (entry === './package.json') continue;
      expect(typeof target, entry).toBe('object');
      if (typeof target !== 'object') continue;
      expect(target.default).toMatch(/^\.\/dist\/.+\.js$/);
      expect(target.types).toMatch(/^\.\/dist\/.+\.d\.ts$/);
      expect(existsSync(join(packed.pkgDir, target.default!)), entry).toBe(true);
      expect(existsSync(join(packed.pkgDir, target.types!)), entry).toBe(true);
    }
    expect(packed.manifest['dependencies'] ?? {}).toEqual({});
  });

  it('is publint clean, suggestions included', async () => {
    const { messages } = await publint({ pkgDir: packed.pkgDir, pack: false, level: 'suggestion' });
    expect(messages).toEqual([]);
  });

  it('runs in a plain Node process: a token fetched once, then served from the cache', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const before = requests;
    // not execFileSync: the stand-in endpoint runs in this process and must keep answering
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createTokenSource } from '@tokenfn/client';
         const source = createTokenSource({ baseUrl: ${JSON.stringify(base)} });
         const a = await source.rtm({ userId: 'u' });
         const b = await source.rtm({ userId: 'u' });
         console.log(JSON.stringify([a.token.slice(0, 3), a === b, a.validUntil > Date.now()]));`,
      ],
      { cwd: packed.consumerDir, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual(['007', true, true]);
    expect(requests - before).toBe(1);
  });
});
