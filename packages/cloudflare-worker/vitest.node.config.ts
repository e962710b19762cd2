// The Worker package's Node-side tooling (scripts/), tested in Node; the Worker itself is tested inside
// workerd by vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cloudflare-worker-node',
    include: ['tests-node/**/*.test.ts'],
    globalSetup: ['tests-node/global-setup.ts'],
    testTimeout: 30_000,
  },
});
