import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cdk',
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    globalSetup: ['testing/global-setup.ts'],
    // Each synthesis with cdk-nag walks the whole tree; the packed-package test runs `pnpm pack` and tsc.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
