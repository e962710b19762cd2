import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'http',
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
