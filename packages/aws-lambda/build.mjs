// `pnpm --filter @tokenfn/aws-lambda build`: one minified ESM file with a source map, dist/index.mjs,
// exporting `handler`. This is the file the CDK stack deploys.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const outfile = `${here}dist/index.mjs`;

// Core signs tokens with its own portable HMAC-SHA256, fast once compiled; a cold start signs one token
// uncompiled, so the bundle (Node only) takes src/bundle/signing.ts, the same signInto on node:crypto.
const CORE_TOKEN_DIR = `${here.replace(/aws-lambda\/$/, '')}core/src/token/`;
const nativeSigning = {
  name: 'native-signing',
  setup(b) {
    b.onResolve({ filter: /^\.\/signing\.js$/ }, (args) =>
      args.importer.startsWith(CORE_TOKEN_DIR) ? { path: `${here}src/bundle/signing.ts` } : undefined,
    );
  },
};

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
  legalComments: 'eof',
  plugins: [nativeSigning],
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
// No dependency may need require() (ESM output has none); and the stand-in must have replaced core's signing.
if (code.includes('Dynamic require of'))
  throw new Error('dist/index.mjs calls require(): a CommonJS dependency crept in');
const sources = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')).sources;
if (
  !sources.some((s) => s.endsWith('src/bundle/signing.ts')) ||
  sources.some((s) => s.endsWith('core/src/token/signing.ts'))
) {
  throw new Error("dist/index.mjs: core's signing was not replaced by src/bundle/signing.ts");
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
