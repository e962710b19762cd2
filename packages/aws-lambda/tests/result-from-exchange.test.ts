// The answer as API Gateway relays it: no body where HTTP allows none, whatever the app wrote.
import { describe, expect, it } from 'vitest';
import type { ResultV1, ResultV2 } from '../src/events';
import { resultV1FromExchange, resultV2FromExchange } from '../src/result-from-exchange';
import { v1EventFromRequest, v2EventFromRequest } from './support/api-gateway-events';
import { openHandler } from './support/invoke';

describe('results without a body', () => {
  const handler = openHandler({ CORS_ALLOW_ORIGINS: 'https://app.example' });

  it.each(['v2', 'v1'] as const)('%s: HEAD gets the status and headers of GET, and no body', async (v) => {
    const toEvent = v === 'v2' ? v2EventFromRequest : v1EventFromRequest;
    for (const path of ['/healthz', '/v2/nothing']) {
      const get = (await handler(await toEvent(new Request(`https://api.example.com${path}`)))) as ResultV2;
      const head = (await handler(
        await toEvent(new Request(`https://api.example.com${path}`, { method: 'HEAD' })),
      )) as ResultV2 | ResultV1;
      expect(get.body).not.toBe('');
      expect(head.statusCode).toBe(get.statusCode);
      expect(head.body).toBe('');
      expect(head.isBase64Encoded).toBe(false);
    }
  });

  it('204 and 304 carry no body, in either payload', () => {
    for (const status of [204, 304]) {
      const answer = { status, headers: { ETag: '"x"' }, body: 'should not be sent' };
      expect(resultV2FromExchange(answer)).toMatchObject({ statusCode: status, body: '' });
      expect(resultV1FromExchange(answer)).toMatchObject({ statusCode: status, body: '' });
    }
    const ok = { status: 200, headers: {}, body: '{}' };
    expect(resultV2FromExchange(ok, 'HEAD').body).toBe('');
    expect(resultV1FromExchange(ok, 'HEAD').body).toBe('');
    expect(resultV2FromExchange(ok).body).toBe('{}');
  });
});
