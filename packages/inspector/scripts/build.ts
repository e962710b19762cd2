// `pnpm build`: the page into dist/ (index.html, inspector.js, inspector.css, and _headers for hosts that
// read one), ready for any static host.
//   tsx scripts/build.ts                 -> dist/
//   tsx scripts/build.ts --outdir /tmp/x -> elsewhere
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildInspectorSite, staticHostHeaders } from '../src/site.js';

const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir ?? new URL('../dist', import.meta.url).pathname;
const site = await buildInspectorSite();
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
for (const [name, file] of site.files) await writeFile(join(outdir, name), file.body);
await writeFile(join(outdir, '_headers'), staticHostHeaders());
