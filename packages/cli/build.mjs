// Builds the `tokenfn` command into one file, dist/cli.js, for the package's `bin`:
// an ESM bundle for Node >= 22 with a shebang, the token library bundled in (it has no runtime
// dependencies of its own that the CLI reaches), no network, about 50 ms.
//   node build.mjs                       -> dist/cli.js
//   node build.mjs --outfile /tmp/x.js   -> elsewhere (the CLI tests build a fresh copy this way)
import { chmod } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
const outfile = values.outfile ?? `${here}dist/cli.js`;

await build({
  entryPoints: [`${here}src/cli.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
