// Builds dist/index.mjs with the package's own build script (the same command CI runs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE = fileURLToPath(new URL('../../dist/index.mjs', import.meta.url));
export const FIRST_EVENT = fileURLToPath(new URL('./first-event.mjs', import.meta.url));

export function buildBundle(): string {
  const r = spawnSync(process.execPath, ['build.mjs'], {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}
