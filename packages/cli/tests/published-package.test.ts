// @tokenfn/cli as npm users would get it: packed, publint clean, nothing to install (the token library is
// bundled into dist/cli.js), and its `tokenfn` bin runs from the unpacked package.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PackedPackage, packForConsumer } from '@tokenfn/contract-tests/pack';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let packed: PackedPackage;

beforeAll(() => {
  if (!existsSync(join(cliDir, 'dist/cli.js')))
    execFileSync('pnpm', ['run', 'build'], { cwd: cliDir, stdio: 'ignore' });
  packed = packForConsumer(cliDir);
}, 120_000);

afterAll(() => packed?.remove());

describe('the published @tokenfn/cli', () => {
  it('has no runtime dependencies and ships dist, the README and the licence', () => {
    expect(packed.manifest['dependencies'] ?? {}).toEqual({});
    expect(
      readdirSync(packed.pkgDir)
        .filter((f) => f !== 'README.md')
        .sort(),
    ).toEqual(['LICENSE', 'dist', 'package.json']);
  });

  it('is publint clean, suggestions included', async () => {
    const { messages } = await publint({ pkgDir: packed.pkgDir, pack: false, level: 'suggestion' });
    expect(messages).toEqual([]);
  });

  it('its tokenfn bin builds a token from the unpacked package alone', () => {
    const bin = (packed.manifest['bin'] as Record<string, string>)['tokenfn']!;
    const out = execFileSync(process.execPath, [join(packed.pkgDir, bin), 'rtm', '--user-id', 'u'], {
      cwd: packed.consumerDir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
      // the demo-credentials note goes to stderr: captured, not printed into the test run
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim()).toMatch(/^007[A-Za-z0-9+/=]+$/);
  });
});
