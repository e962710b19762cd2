import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    standInBundleDir: string;
    synthOutRoot: string;
  }
}

/**
 * One temporary directory for the whole run, removed at the end: `bundle/` stands in for the Lambda
 * bundle (a real, tiny handler module, so the construct tests do not depend on the adapter's build), and
 * `synth/` receives every cloud assembly the tests synthesise.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'tokenfn-cdk-'));
  const bundle = join(root, 'bundle');
  const synth = join(root, 'synth');
  mkdirSync(bundle);
  mkdirSync(synth);
  writeFileSync(
    join(bundle, 'index.mjs'),
    'export const handler = async () => ({ statusCode: 200, body: "stand-in" });\n',
  );
  project.provide('standInBundleDir', bundle);
  project.provide('synthOutRoot', synth);
  return () => rmSync(root, { recursive: true, force: true });
}
