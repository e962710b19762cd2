import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'infra',
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each synthesis runs cdk-nag over the whole app; the CLI test spawns `cdk synth` (2 busy cores).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
