// @tokenfn/http as npm users would get it: packed (publishConfig applied), publint clean, every export
// pointing at built JavaScript and types, and importable by a plain Node process next to the packed
// @tokenfn/core and its third-party dependencies, with the app answering a request.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkDependencies, type PackedPackage, packForConsumer } from '@tokenfn/contract-tests/pack';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const httpDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreDir = join(httpDir, '../core');
let packed: PackedPackage;
let core: PackedPackage;

beforeAll(() => {
  // `pnpm test` builds before testing; a lone `vitest run` may not have.
  for (const dir of [coreDir, httpDir]) {
    if (!existsSync(join(dir, 'dist/index.js')))
      execFileSync('pnpm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
  }
  packed = packForConsumer(httpDir);
  core = packForConsumer(coreDir, packed.consumerDir);
  const deps = Object.keys((packed.manifest['dependencies'] ?? {}) as Record<string, string>);
  linkDependencies(
    packed.consumerDir,
    httpDir,
    deps.filter((d) => d !== '@tokenfn/core'),
  );
}, 120_000);

afterAll(() => {
  packed?.remove();
  core?.remove();
});

describe('the published @tokenfn/http', () => {
  it('exports built JavaScript and types only, and depends on the published @tokenfn/core', () => {
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
    const deps = packed.manifest['dependencies'] as Record<string, string>;
    expect(deps['@tokenfn/core']).toMatch(/^\d+\.\d+\.\d+$/); // the workspace link replaced by a version
  });

  it('is publint clean, suggestions included', async () => {
    const { messages } = await publint({ pkgDir: packed.pkgDir, pack: false, level: 'suggestion' });
    expect(messages).toEqual([]);
  });

  it('runs in a plain Node process: the app answers /healthz and issues a token', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createAppFromEnv, silentLogger, variableCredentials } from '@tokenfn/http';
         import { toNodeListener } from '@tokenfn/http/node';
         const env = { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true',
           AGORA_APP_ID: '970CA35de60c44645bbae8a215061b33', AGORA_APP_CERTIFICATE: '5CFd2fd1755d40ecb72977518be15d3b' };
         const app = createAppFromEnv({ env, logger: silentLogger, credentials: () => variableCredentials(env) });
         const body = new TextEncoder().encode('{"userId":"u"}');
         const a = await app.handle({ method: 'GET', path: '/healthz', query: '', headers: {}, body: null });
         const b = await app.handle({ method: 'POST', path: '/v1/tokens/rtm', query: '',
           headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body });
         console.log(JSON.stringify([a.status, b.status, JSON.parse(b.body).token.slice(0, 3), typeof toNodeListener]));`,
      ],
      { cwd: packed.consumerDir, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual([200, 200, '007', 'function']);
  });
});
