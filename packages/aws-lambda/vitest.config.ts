import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'aws-lambda',
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    // The SDK reads AWS_* from process.env; each test file sets its own and runs in its own worker.
    pool: 'forks',
  },
});
