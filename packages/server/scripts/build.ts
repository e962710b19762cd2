// `pnpm build` (and the first step of `pnpm start`): the local server as one plain JavaScript file,
// dist/server.mjs, which `node` runs without a TypeScript loader. A loader such as tsx transforms with
// `keepNames`, so every closure a request creates pays an Object.defineProperty; the bundle does not, and
// the server spends about a third less CPU per token request (the figures are in the README).
//
// The inspector page is built here, once, and the bundle carries its files: `@tokenfn/inspector/site`
// resolves to a module that returns them, so the running server needs neither esbuild nor the page's
// sources. Run from source (tests, `startServer` in-process), the server builds the page in memory instead.
//   tsx scripts/build.ts                       -> dist/server.mjs
//   tsx scripts/build.ts --outfile /tmp/s.mjs  -> elsewhere
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildInspectorSite } from '@tokenfn/inspector/site';
import { build, type Plugin } from 'esbuild';
import { INSPECT_PATH } from '../src/inspector.js';

const here = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUNDLE = `${here}dist/server.mjs`;

/** `@tokenfn/inspector/site` as the files of the page built now, for the base the server serves it at. */
function prebuiltInspector(): Plugin {
  const base = `${INSPECT_PATH}/`;
  return {
    name: 'prebuilt-inspector',
    setup(b) {
      b.onResolve({ filter: /^@tokenfn\/inspector\/site$/ }, (args) => ({
        path: args.path,
        namespace: 'prebuilt-inspector',
      }));
      b.onLoad({ filter: /.*/, namespace: 'prebuilt-inspector' }, async () => {
        const site = await buildInspectorSite({ base });
        return {
          loader: 'js',
          contents: [
            `const site = { files: new Map(${JSON.stringify([...site.files])}), headers: ${JSON.stringify(site.headers)} };`,
            'export async function buildInspectorSite(o = {}) {',
            `  if (o.base !== ${JSON.stringify(base)}) throw new Error('this build carries the inspector for base ${base} only');`,
            '  return site;',
            '}',
          ].join('\n'),
        };
      });
    },
  };
}

/** Bundles src/server.ts into `outfile` (replaced atomically: a running `node` never reads half a file). */
export async function buildServer(outfile: string = SERVER_BUNDLE): Promise<void> {
  const result = await build({
    entryPoints: [`${here}src/server.ts`],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // ESM builds of dependencies tree-shake; the CommonJS ones (the `main` default on platform node) do not.
    mainFields: ['module', 'main'],
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
    plugins: [prebuiltInspector()],
    outfile,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  await buildServer(values.outfile);
}
