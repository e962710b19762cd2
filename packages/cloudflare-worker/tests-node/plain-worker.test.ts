// The shared HTTP contract suite against the bundle `wrangler deploy` uploads, run as its own Worker with
// wrangler.jsonc's compatibility date and flags (so without the nodejs_compat the pool's test runner needs).
// Here, unlike inside the pool, every line the Worker logs is captured: the suite's log hygiene is checked
// on them, and none reaches the test run's output.
import { CONTRACT_API_KEY, CONTRACT_ENV, defineContractSuite } from '@tokenfn/contract-tests';
import { expectCleanLogs, recordingSecrets, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { afterAll, beforeAll, expect } from 'vitest';
import { type BundleWorker, startBundleWorker } from './bundle-in-workerd';

const secrets = new SecretSet();
let worker: BundleWorker;

beforeAll(async () => {
  worker = await startBundleWorker({ bindings: { ...CONTRACT_ENV } });
}, 60_000);

afterAll(async () => {
  await worker?.dispose();
  // one JSON line per request, none with a certificate, key or token in it
  expect(worker.lines.length).toBeGreaterThan(50);
  for (const line of worker.lines) expect(() => JSON.parse(line)).not.toThrow();
  secrets.add(CONTRACT_ENV['AGORA_APP_CERTIFICATE'], CONTRACT_API_KEY);
  expectCleanLogs(worker.lines, secrets);
});

defineContractSuite('cloudflare-worker (the bundle as its own Worker, without nodejs_compat)', () => ({
  fetch: recordingSecrets(secrets, (request) => worker.fetch(request)),
}));
