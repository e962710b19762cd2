// A workspace package as npm users would get it: `pnpm pack` (which applies publishConfig, so exports
// point at dist) into a temporary folder, unpacked as node_modules/<name> of an empty consumer project.
// Used by each publishable package's published-package test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PackedPackage {
  /** the unpacked package: <consumer>/node_modules/<name> */
  pkgDir: string;
  /** the consumer project's folder */
  consumerDir: string;
  manifest: Record<string, unknown>;
  remove(): void;
}

/**
 * Packs the package in `packageDir` (built first by the caller) and unpacks it into a fresh consumer, or
 * into `intoConsumer` (to put several packed packages side by side).
 */
export function packForConsumer(packageDir: string, intoConsumer?: string): PackedPackage {
  const work = mkdtempSync(join(tmpdir(), 'tokenfn-pack-'));
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: packageDir, stdio: 'ignore' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  const name = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string }).name;
  const consumerDir = intoConsumer ?? join(work, 'consumer');
  const pkgDir = join(consumerDir, 'node_modules', name);
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['xzf', join(work, tarball), '-C', pkgDir, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  return { pkgDir, consumerDir, manifest, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/** Links third-party dependencies from `fromPackageDir`'s node_modules into the consumer, as an installer would place them. */
export function linkDependencies(consumerDir: string, fromPackageDir: string, names: string[]): void {
  for (const name of names) {
    const target = join(consumerDir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(fromPackageDir, 'node_modules', name), target);
  }
}
