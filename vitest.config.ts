import { defineConfig } from 'vitest/config';

// One Vitest project per package (and per runtime where a package runs on several).
export default defineConfig({
  test: {
    // What code under test writes to the console (the Worker's JSON log lines inside workerd, say) is
    // shown for failing tests only, so a passing run prints nothing but the results.
    silent: 'passed-only',
    projects: ['packages/*/vitest*.config.ts', 'infra/vitest.config.ts', 'examples/vitest.config.ts'],
  },
});
