// `pnpm --filter @tokenfn/aws-lambda build`: one minified ESM file with a source map, dist/index.mjs,
// exporting `handler`. This is the file the CDK stack deploys.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const outfile = `${here}dist/index.mjs`;

const result = await build({
  entryPoints: [`${here}src/lambda-entry.ts`],
  outfile,
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // ESM builds of dependencies tree-shake; the CommonJS ones (the `main` default on platform node) do not.
  mainFields: ['module', 'main'],
  legalComments: 'eof',
  // Core's `#crypto` seam resolves to node:crypto under the `node` condition (the platform default).
  metafile: true,
  logLevel: 'warning',
  // Written below, each file replaced atomically: a reader (cdk synth) never sees half a bundle.
  write: false,
});

for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}

const bytes = readFileSync(outfile);
const code = bytes.toString('utf8');
// No dependency may need require() (ESM output has none); and core's HMAC must be the node:crypto one.
if (code.includes('Dynamic require of'))
  throw new Error('dist/index.mjs calls require(): a CommonJS dependency crept in');
const inputs = Object.keys(result.metafile.inputs);
// (seam.node.ts brings the portable one along: it takes over once the process signs steadily.)
if (!inputs.some((s) => s.endsWith('crypto/seam.node.ts'))) {
  throw new Error("dist/index.mjs: core's #crypto seam did not resolve to its node:crypto implementation");
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dist/index.mjs: ${kib(bytes.length)} minified, ${kib(gzipSync(bytes).length)} gzipped`);
if (process.argv.includes('--analyze')) {
  const inputs =
    result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith('.mjs'))].inputs;
  const byPackage = {};
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg =
      path.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1] ??
      path.replace(/^.*?(packages\/[^/]+)\/.*$/, '$1');
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
  }
  for (const [pkg, n] of Object.entries(byPackage).sort((a, b) => b[1] - a[1]))
    console.log(`  ${kib(n).padStart(10)}  ${pkg}`);
}
