// `pnpm --filter @tokenfn/aws-lambda build`: one minified ESM file with a source map, dist/index.mjs,
// exporting `handler`. This is the file the CDK stack deploys.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const outfile = `${here}dist/index.mjs`;

const result = await build({
  entryPoints: [`${here}src/bundle/entry.ts`],
  outfile,
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // ESM builds of dependencies tree-shake; the CommonJS ones (the `main` default on platform node) do not.
  mainFields: ['module', 'main'],
  // Some CommonJS dependency code calls require() for Node built-ins; give it one in ESM.
  banner: {
    js: "import{createRequire as __tokenfnCreateRequire}from'node:module';const require=__tokenfnCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
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
