import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'infra',
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    // the stand-in Lambda bundle and the synthesis directory, shared with @tokenfn/cdk's own tests
    globalSetup: [fileURLToPath(import.meta.resolve('@tokenfn/cdk/testing/global-setup'))],
    // Each synthesis runs cdk-nag over the whole app; the CLI test spawns `cdk synth` (2 busy cores).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
