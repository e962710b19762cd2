// Once per run: the server bundle that `pnpm start` runs (scripts/build.ts), built into a temporary
// directory for the tests that start it as a process, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    serverBundle: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenfn-server-bundle-'));
  const bundle = join(dir, 'server.mjs');
  await buildServer(bundle);
  project.provide('serverBundle', bundle);
  return () => rmSync(dir, { recursive: true, force: true });
}
