// What an app pays for the client: each import bundled by esbuild (minified, ESM, platform neutral), then
// gzipped. Targets: createTokenSource alone at most 3 KiB; each binding at most 1 KiB more than that.
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const here = new URL('..', import.meta.url).pathname;
const KIB = 1024;
const SOURCE_TARGET = 3 * KIB;
const BINDING_TARGET = 1 * KIB;

/** Resolves '@tokenfn/client' and '@tokenfn/client/react' to the package's sources; react stays external. */
const selfReference: Plugin = {
  name: 'tokenfn-client-self',
  setup(b) {
    b.onResolve({ filter: /^@tokenfn\/client(\/react)?$/ }, (args) => ({
      path: `${here}src/${args.path.endsWith('/react') ? 'react' : 'index'}.ts`,
    }));
  },
};

async function gzipSize(code: string): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: here, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['react'],
    write: false,
    plugins: [selfReference],
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!.contents;
  return { min: out.length, gz: gzipSync(out, { level: 9 }).length };
}

const kib = (n: number) => `${(n / KIB).toFixed(2)} KiB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

console.log('esbuild --bundle --minify --format=esm --platform=neutral, then gzip -9');
const alone = await gzipSize("export { createTokenSource } from '@tokenfn/client';");
console.log(
  `${'createTokenSource'.padEnd(44)} ${kib(alone.min).padStart(10)} min ${kib(alone.gz).padStart(10)} gzip   target <= ${kib(SOURCE_TARGET)}: ${verdict(alone.gz <= SOURCE_TARGET)}`,
);
let missed = alone.gz > SOURCE_TARGET;
const bindings: [string, string][] = [
  ['bindRtcClient (agora-rtc-sdk-ng)', "export { bindRtcClient } from '@tokenfn/client';"],
  ['bindRtmClient (agora-rtm)', "export { bindRtmClient } from '@tokenfn/client';"],
  ['bindChatConnection (agora-chat)', "export { bindChatConnection } from '@tokenfn/client';"],
  ['bindRtcEngine (react-native-agora)', "export { bindRtcEngine } from '@tokenfn/client';"],
];
for (const [label, code] of bindings) {
  const s = await gzipSize(`export { createTokenSource } from '@tokenfn/client';\n${code}`);
  const more = s.gz - alone.gz;
  if (more > BINDING_TARGET) missed = true;
  console.log(
    `${`+ ${label}`.padEnd(44)} ${kib(s.min).padStart(10)} min ${kib(s.gz).padStart(10)} gzip   +${kib(more)}, target <= +${kib(BINDING_TARGET)}: ${verdict(more <= BINDING_TARGET)}`,
  );
}
const react = await gzipSize(
  "export { createTokenSource } from '@tokenfn/client';\nexport { useAgoraToken, useRtcTokenRenewal } from '@tokenfn/client/react';",
);
console.log(
  `${'+ @tokenfn/client/react (both hooks)'.padEnd(44)} ${kib(react.min).padStart(10)} min ${kib(react.gz).padStart(10)} gzip   +${kib(react.gz - alone.gz)} (no target: react not counted, bindRtcClient included)`,
);
const all = await gzipSize("export * from '@tokenfn/client';");
console.log(
  `${'import * from @tokenfn/client (everything)'.padEnd(44)} ${kib(all.min).padStart(10)} min ${kib(all.gz).padStart(10)} gzip`,
);
console.log(`\nclient size targets: ${missed ? 'NOT all met' : 'all met'}`);
