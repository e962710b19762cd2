// The inspector page's two figures. Weight: every file of the built page (index.html, inspector.js,
// inspector.css), gzip -9, all in, against the 40 KiB target. Speed: diagnoseToken (decode and diagnosis) of a
// normal token (RTC publisher, one hour, with an intent), from the page's own browser bundle of
// @tokenfn/core (so the portable SHA-256 the browser runs, not node:crypto), against JSON.parse of a JSON
// text of the same length measured in the same run; target under 1 ms. Run: `pnpm bench page`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildRtcToken, DEMO_CREDENTIALS } from '@tokenfn/core';
import { build } from 'esbuild';
import { buildInspectorSite } from '../src/site.js';

const TARGET_BYTES = 40 * 1024;
const TARGET_US = 1000;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

// ---- weight
const site = await buildInspectorSite();
let total = 0;
console.log('page weight, gzip -9 per file');
for (const [name, file] of site.files) {
  const gz = gzipSync(file.body, { level: 9 }).length;
  total += gz;
  console.log(
    `  ${name.padEnd(14)} ${kib(Buffer.byteLength(file.body)).padStart(9)} -> ${kib(gz).padStart(8)}`,
  );
}
console.log(
  `  all in: ${kib(total)} (target <= ${kib(TARGET_BYTES)}: ${total <= TARGET_BYTES ? 'met' : 'MISSED'})`,
);

// ---- speed: the browser build of the functions the page calls
const bundle = await build({
  stdin: {
    contents: "export { diagnoseToken } from '@tokenfn/core';",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'silent',
});
const dir = await mkdtemp(join(tmpdir(), 'inspector-bench-'));
const file = join(dir, 'core.browser.mjs');
await writeFile(file, bundle.outputFiles[0]!.text);
const browserCore = (await import(pathToFileURL(file).href)) as typeof import('@tokenfn/core');
await rm(dir, { recursive: true, force: true });

const issueTs = Math.floor(Date.now() / 1000);
const token = buildRtcToken(
  DEMO_CREDENTIALS,
  { channel: 'demo', uid: 42, role: 'publisher', expiresIn: 3600 },
  { issueTs },
);
const intent = { product: 'rtc', channel: 'demo', uid: 42, publish: true } as const;
// A JSON text exactly as long as the token: small objects, then one string that pads it.
let json = '[';
for (let i = 0; json.length < token.length - 60; i++) json += `{"id":${i},"name":"join channel","v":3600},`;
json += `{"pad":"${'x'.repeat(token.length - json.length - 11)}"}]`;
if (json.length !== token.length) throw new Error('the baseline text must be as long as the token');

/** Microseconds per call: the median of 7 rounds of `n` calls, after a warm-up round. */
function perCall(fn: () => unknown, n: number): number {
  const rounds: number[] = [];
  for (let r = 0; r < 8; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    const us = Number(process.hrtime.bigint() - start) / 1000 / n;
    if (r > 0) rounds.push(us);
  }
  return rounds.sort((a, b) => a - b)[3]!;
}

const now = issueTs + 10;
const check = browserCore.diagnoseToken(token, intent, { now });
if (!check.allowsIntent) throw new Error('the benchmark token should allow its intent');
const baseline = perCall(() => JSON.parse(json), 20_000);
const diagnose = perCall(() => browserCore.diagnoseToken(token, intent, { now }), 5_000);
const signed = perCall(
  () => browserCore.diagnoseToken(token, intent, { now, appCertificate: DEMO_CREDENTIALS.appCertificate }),
  5_000,
);
console.log(`\ndecode + diagnosis of a ${token.length}-character RTC token (browser build of @tokenfn/core)`);
console.log(`  JSON.parse of ${json.length} characters (baseline): ${baseline.toFixed(2)} µs`);
console.log(
  `  diagnoseToken (decodes, then diagnoses): ${diagnose.toFixed(2)} µs = ${(diagnose / baseline).toFixed(1)}x the baseline (target < ${TARGET_US} µs: ${diagnose < TARGET_US ? 'met' : 'MISSED'})`,
);
console.log(
  `  diagnoseToken with the signature check: ${signed.toFixed(2)} µs = ${(signed / baseline).toFixed(1)}x the baseline (target < ${TARGET_US} µs: ${signed < TARGET_US ? 'met' : 'MISSED'})`,
);
if (total > TARGET_BYTES || diagnose >= TARGET_US) process.exitCode = 1;
