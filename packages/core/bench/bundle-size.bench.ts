// Bundle size of what an app pays for: `import { RtcTokenBuilder } from '@tokenfn/core'` bundled by
// esbuild (minified, ESM, platform neutral), then gzipped. Target: at most 12 KiB. Other entry points
// and agora-token (platform node, its Node built-ins left external) are printed for comparison.
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const here = new URL('..', import.meta.url).pathname;
const TARGET = 12 * 1024;

/** Resolves '@tokenfn/core' and '@tokenfn/core/legacy' to the package's sources. */
const selfReference: Plugin = {
  name: 'tokenfn-core-self',
  setup(b) {
    b.onResolve({ filter: /^@tokenfn\/core(\/legacy)?$/ }, (args) => ({
      path: `${here}src/${args.path.endsWith('/legacy') ? 'legacy' : 'index'}.ts`,
    }));
  },
};

async function size(
  code: string,
  platform: 'neutral' | 'node' = 'neutral',
): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: here, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    mainFields: ['module', 'main'],
    write: false,
    plugins: [selfReference],
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!.contents;
  return { min: out.length, gz: gzipSync(out, { level: 9 }).length };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const cases: [string, string, ('neutral' | 'node')?][] = [
  ["import { RtcTokenBuilder } from '@tokenfn/core'", "export { RtcTokenBuilder } from '@tokenfn/core';"],
  ["import { buildRtcToken } from '@tokenfn/core'", "export { buildRtcToken } from '@tokenfn/core';"],
  [
    "import { decodeToken, verifyToken } from '@tokenfn/core'",
    "export { decodeToken, verifyToken } from '@tokenfn/core';",
  ],
  ["import * from '@tokenfn/core' (everything)", "export * from '@tokenfn/core';"],
  ["import * from '@tokenfn/core/legacy'", "export * from '@tokenfn/core/legacy';"],
  [
    "import { RtcTokenBuilder } from 'agora-token' (node)",
    "export { RtcTokenBuilder } from 'agora-token';",
    'node',
  ],
];

console.log('esbuild --bundle --minify --format=esm, then gzip -9');
let headline = 0;
for (const [label, code, platform] of cases) {
  const s = await size(code, platform);
  if (headline === 0) headline = s.gz;
  console.log(`${label.padEnd(58)} ${kib(s.min).padStart(10)} min ${kib(s.gz).padStart(10)} gzip`);
}
console.log(
  `\nRtcTokenBuilder bundle: ${headline} bytes gzipped (${kib(headline)}); target <= ${kib(TARGET)}: ${headline <= TARGET ? 'met' : 'NOT met'}`,
);
