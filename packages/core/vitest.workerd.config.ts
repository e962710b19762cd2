// The token library's pure tests (tests/token/*.test.ts: no node: modules, no agora-token) run a
// second time inside workerd, through @cloudflare/vitest-plugin, proving the library needs
// nothing from Node. Node-only tests live in tests/token/node/ and run in the `core` project only.
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: `${here}tests/workerd/wrangler.jsonc` } })],
  test: {
    name: 'core-workerd',
    root: here,
    include: ['tests/token/*.test.ts'],
    testTimeout: 30_000,
  },
});
