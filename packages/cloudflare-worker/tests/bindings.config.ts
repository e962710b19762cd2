// The bindings the tests add to (or override in) wrangler.jsonc. Imported by vitest.config.ts (Node)
// and by the tests (workerd) so both agree on names and limits.

/** Agora's published test credentials, never for production. */
export const TEST_APP_ID = '970CA35de60c44645bbae8a215061b33';
export const TEST_APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';
/** sha256('tokenfn-worker-test-key') */
export const TEST_API_KEY = 'tokenfn-worker-test-key';

/** a tight limiter for the 429 tests: 3 requests per key per 60 s */
export const TIGHT_LIMIT = 3;
export const TIGHT_PERIOD = 60 as const;

export const TEST_BINDINGS = {
  bindings: {
    AGORA_APP_ID: TEST_APP_ID,
    AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  },
  ratelimits: {
    TIGHT_RATE_LIMITER: { namespace_id: '1002', simple: { limit: TIGHT_LIMIT, period: TIGHT_PERIOD } },
  },
  // Miniflare's local Analytics Engine dataset (accepts writes, stores nothing): tests/analytics-engine.test.ts.
  analyticsEngineDatasets: {
    METRICS_DATASET: { dataset: 'tokenfn_test' },
  },
  secretsStoreSecrets: {
    CERTIFICATE_STORE: { store_id: 'tokenfn-test-store', secret_name: 'agora-app-certificate' },
    CONTRACT_STORE: { store_id: 'tokenfn-test-store', secret_name: 'contract-app-certificate' },
    PREVIOUS_STORE: { store_id: 'tokenfn-test-store', secret_name: 'previous-app-certificate' },
    APPS_STORE: { store_id: 'tokenfn-test-store', secret_name: 'agora-apps' },
  },
};
