import { defineConfig } from 'vitest/config';

// One Vitest project per package (and per runtime where a package runs on several).
export default defineConfig({
  test: {
    projects: ['packages/*/vitest*.config.ts', 'infra/vitest.config.ts'],
  },
});
