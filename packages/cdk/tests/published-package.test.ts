// @tokenfn/cdk as npm users would get it: packed (publishConfig applied), publint clean (suggestions
// included), every export pointing at built JavaScript with its types, and the workspace links replaced by
// versions.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PackedPackage, packForConsumer } from '@tokenfn/contract-tests/pack';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cdkDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let packed: PackedPackage;

beforeAll(() => {
  // `pnpm test` builds before testing; a lone `vitest run` may not have.
  if (!existsSync(join(cdkDir, 'dist/index.js')))
    execFileSync('pnpm', ['run', 'build'], { cwd: cdkDir, stdio: 'ignore' });
  packed = packForConsumer(cdkDir);
}, 120_000);

afterAll(() => packed?.remove());

describe('the published @tokenfn/cdk', () => {
  it('exports built JavaScript and types only', () => {
    const exports = packed.manifest['exports'] as Record<
      string,
      { types?: string; default?: string } | string
    >;
    const main = exports['.'] as { types: string; default: string };
    expect(main).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(existsSync(join(packed.pkgDir, main.default))).toBe(true);
    expect(existsSync(join(packed.pkgDir, main.types))).toBe(true);
    expect(existsSync(join(packed.pkgDir, 'dist/token-api.d.ts'))).toBe(true);
    expect(existsSync(join(packed.pkgDir, 'src'))).toBe(false);
  });

  it('depends on published tokenfn versions and takes aws-cdk-lib and constructs from the user', () => {
    const deps = packed.manifest['dependencies'] as Record<string, string>;
    expect(deps['@tokenfn/http']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(deps['@tokenfn/aws-lambda']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(packed.manifest['peerDependencies'] as object).sort()).toEqual([
      'aws-cdk-lib',
      'constructs',
    ]);
  });

  it('is publint clean, suggestions included', async () => {
    const { messages } = await publint({ pkgDir: packed.pkgDir, pack: false, level: 'suggestion' });
    expect(messages).toEqual([]);
  });
});
