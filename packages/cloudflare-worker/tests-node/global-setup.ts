// Once per run of the Node-side project: the package's build command into a temporary directory, shared
// by every test that runs the bundle in workerd (tests-node/bundle-in-workerd.ts), removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    workerBundleDir: string;
  }
}

const here = fileURLToPath(new URL('..', import.meta.url));

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tokenfn-worker-bundle-'));
  execFileSync(join(here, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', dir], {
    cwd: here,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' },
  });
  project.provide('workerBundleDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
