// A Secrets Store binding whose secret was never created: the real binding's get() rejects (and workerd
// reports the rejection inside the store's own Worker, which is why this runs here, where every line
// workerd prints is captured). The Worker answers 503 and logs which binding failed, never a value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_ID } from '../tests/bindings.config';
import { type BundleWorker, startBundleWorker } from './bundle-in-workerd';

const API_KEY = 'secrets-store-test-key';
let worker: BundleWorker;

beforeAll(async () => {
  const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(API_KEY)));
  worker = await startBundleWorker({
    bindings: { AGORA_APP_ID: TEST_APP_ID, AUTH_MODE: 'api-key', API_KEY_HASHES: hash.toString('hex') },
    secretsStoreSecrets: {
      AGORA_APP_CERTIFICATE: { store_id: 'tokenfn-test-store', secret_name: 'never-created' },
    },
  });
}, 60_000);

afterAll(() => worker?.dispose());

describe('a Secrets Store secret that does not exist', () => {
  it('is a 503 problem with Retry-After, and a log line naming the binding', async () => {
    const res = await worker.fetch(
      new Request('http://worker.test/v1/tokens/rtc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ channel: 'c', uid: 1 }),
      }),
    );
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(body['code']).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    const logged = worker.lines.join('\n');
    expect(logged).toContain('AGORA_APP_CERTIFICATE: reading the secret from its store failed');
    expect(logged).toContain('"code":"ERR_CREDENTIALS_UNAVAILABLE"');
  });
});
