// The vitest global setup of the tests that synthesise tokenfn stacks, in this package and in infra
// (which names it in its vitest config through `@tokenfn/cdk/testing/global-setup`).
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
 * One temporary directory for the whole run, removed at the end:
 * - `bundle/` stands in for `packages/aws-lambda/dist`: a real, tiny handler module (and a source map
 *   beside it, as the build writes one), so the tests do not depend on the adapter's build; the same
 *   content every run, so the asset hash is stable;
 * - `synth/` receives every cloud assembly the tests synthesise.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'tokenfn-synth-'));
  const bundle = join(root, 'bundle');
  const synth = join(root, 'synth');
  mkdirSync(bundle);
  mkdirSync(synth);
  writeFileSync(
    join(bundle, 'index.mjs'),
    'export const handler = async () => ({ statusCode: 200, body: "stand-in" });\n',
  );
  writeFileSync(join(bundle, 'index.mjs.map'), '{"version":3,"sources":[],"mappings":""}\n');
  project.provide('standInBundleDir', bundle);
  project.provide('synthOutRoot', synth);
  return () => rmSync(root, { recursive: true, force: true });
}
