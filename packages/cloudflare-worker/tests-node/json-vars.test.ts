// Vars written in wrangler.jsonc as JSON numbers, booleans or objects reach the Worker as those values
// (workerd's JSON bindings), not as strings. Run here, with the bundle as its own Worker, so the values
// are the ones workerd itself hands over; each must mean what its text means.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_CERTIFICATE, TEST_APP_ID } from '../tests/bindings.config';
import { type BundleWorker, startBundleWorker } from './bundle-in-workerd';

const KEY = 'json-vars-test-key';
const HASH = createHash('sha256').update(KEY).digest('hex');
let worker: BundleWorker;

beforeAll(async () => {
  worker = await startBundleWorker({
    bindings: {
      AGORA_APP_ID: TEST_APP_ID,
      AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: HASH,
      MAX_EXPIRES_IN: 600,
      TOKEN_MAY_OUTLIVE_IDENTITY: false,
      API_KEY_SCOPES: { [HASH]: { products: ['rtc'] } },
    },
  });
}, 60_000);

afterAll(() => worker?.dispose());

const post = (path: string, body: unknown) =>
  worker.fetch(
    new Request(`http://worker.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    }),
  );

describe('vars as JSON values in workerd', () => {
  it('a number caps the lifetime; an object (API_KEY_SCOPES) scopes the key', async () => {
    const rtc = await post('/v1/tokens/rtc', { channel: 'json', uid: 1 });
    expect(rtc.status).toBe(200);
    const body = (await rtc.json()) as { issuedAt: number; expiresAt: number };
    expect(body.expiresAt - body.issuedAt).toBe(600);
    expect((await post('/v1/tokens/rtc', { channel: 'json', uid: 1, expiresIn: 3600 })).status).toBe(400);
    // the scope grants rtc only
    expect((await post('/v1/tokens/rtm', { userId: 'json' })).status).toBe(403);
    expect(worker.lines.some((l) => l.includes('configuration invalid'))).toBe(false);
  });
});
