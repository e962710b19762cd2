// The package as npm users get it: `pnpm pack` (which applies publishConfig, so exports point at dist),
// unpacked into a temporary folder, checked with publint and imported by a fresh Node process that has
// nothing of this workspace but the runtime dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtcTokenBuilder } from '../../src/index';

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
let work = '';
let pkgDir = '';

beforeAll(() => {
  // `pnpm test` builds before testing; a lone `vitest run` may not have.
  if (!existsSync(join(coreDir, 'dist/index.js'))) {
    execFileSync('pnpm', ['run', 'build'], { cwd: coreDir, stdio: 'ignore' });
  }
  work = mkdtempSync(join(tmpdir(), 'tokenfn-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: coreDir, stdio: 'ignore' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  const modules = join(work, 'consumer/node_modules');
  pkgDir = join(modules, '@tokenfn/core');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['xzf', join(work, tarball), '-C', pkgDir, '--strip-components=1']);
  // The runtime dependencies, as an installer would place them beside the package.
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const target = join(modules, name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(coreDir, 'node_modules', name), target);
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function runInConsumer(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: join(work, 'consumer'),
    encoding: 'utf8',
  });
}

describe('the published @tokenfn/core', () => {
  it('ships only dist, the README and the licence, with exports pointing at built JavaScript and types', () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
      exports: Record<string, { types?: string; default?: string } | string>;
      imports: Record<string, Record<string, string>>;
      dependencies?: Record<string, string>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readdirSync(pkgDir).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    for (const entry of ['.', './legacy']) {
      const target = manifest.exports[entry];
      expect(typeof target).toBe('object');
      if (typeof target !== 'object') continue;
      expect(target.default).toMatch(/^\.\/dist\/.+\.js$/);
      expect(target.types).toMatch(/^\.\/dist\/.+\.d\.ts$/);
      expect(existsSync(join(pkgDir, target.default!))).toBe(true);
      expect(existsSync(join(pkgDir, target.types!))).toBe(true);
    }
    for (const target of Object.values(manifest.imports['#crypto']!)) {
      expect(target).toMatch(/^\.\/dist\/.+\.js$/);
      expect(existsSync(join(pkgDir, target))).toBe(true);
    }
  });

  it("ships no stale output: every file under dist is built from one of today's source files", () => {
    const listed = (dir: string, base = dir): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? listed(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)],
      );
    const sources = new Set(listed(join(coreDir, 'src')).map((f) => f.replace(/\.ts$/, '')));
    const orphans = listed(join(pkgDir, 'dist')).filter(
      (f) => !sources.has(f.replace(/\.(d\.ts|js)(\.map)?$/, '')),
    );
    expect(orphans).toEqual([]);
  });

  it('is publint clean, suggestions included', async () => {
    const { messages } = await publint({ pkgDir, pack: false, level: 'suggestion' });
    expect(messages).toEqual([]);
  });

  it('imports from a fresh Node process and builds the same bytes as the source', () => {
    const fixed = { issueTs: 1_700_000_000, salt: 4242 };
    const out = runInConsumer(`
      import { RtcTokenBuilder, RtcRole, decodeToken } from '@tokenfn/core';
      import { RtcTokenBuilder as Legacy, RtcRole as LegacyRole } from '@tokenfn/core/legacy';
      const token = RtcTokenBuilder.buildTokenWithUid('970CA35de60c44645bbae8a215061b33',
        '5CFd2fd1755d40ecb72977518be15d3b', 'demo', 42, RtcRole.PUBLISHER, 600, 600, ${JSON.stringify(fixed)});
      const legacy = Legacy.buildTokenWithUid('970CA35de60c44645bbae8a215061b33',
        '5CFd2fd1755d40ecb72977518be15d3b', 'demo', 42, LegacyRole.PUBLISHER, 1800000000);
      console.log(JSON.stringify({ token, version: decodeToken(token).version,
        legacyVersion: decodeToken(legacy).version }));
    `);
    const result = JSON.parse(out) as {
      token: string;
      version: string;
      legacyVersion: string;
    };
    expect(result.version).toBe('007');
    expect(result.legacyVersion).toBe('006');
    const fromSource = RtcTokenBuilder.buildTokenWithUid(
      '970CA35de60c44645bbae8a215061b33',
      '5CFd2fd1755d40ecb72977518be15d3b',
      'demo',
      42,
      1,
      600,
      600,
      fixed,
    );
    expect(result.token).toBe(fromSource);
  });
});
