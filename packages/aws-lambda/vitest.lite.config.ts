import { defineConfig } from 'vitest/config';

// The handler-level suites again, with the lite Headers/Request/Response the deployed bundle installs in
// place of Node's (src/web/install.ts): the contract suite, every store fault, configuration, translation
// and log hygiene must come out the same with either set of classes.
export default defineConfig({
  test: {
    name: 'aws-lambda-lite-fetch',
    include: [
      'tests/contract.test.ts',
      'tests/handler-*.test.ts',
      'tests/log-hygiene.test.ts',
      'tests/request-from-event.test.ts',
      'tests/result-from-response.test.ts',
      'tests/translation-properties.test.ts',
      'tests/gateway-identity.test.ts',
    ],
    setupFiles: ['./tests/support/install-lite-fetch.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
