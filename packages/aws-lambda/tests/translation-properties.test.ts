// Properties of the translation: whatever a client sends through API Gateway (any method, path, query,
// headers, cookies, body bytes), the exchange the app sees carries the same; whatever the app answers,
// the client gets the same status, headers and body back. Both payload versions.
import { Buffer } from 'node:buffer';
import type { HttpExchangeRequest } from '@tokenfn/http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exchangeFromEvent } from '../src/exchange-from-event';
import { resultV1FromExchange, resultV2FromExchange } from '../src/result-from-exchange';
import {
  responseFromV1Result,
  responseFromV2Result,
  v1EventFromRequest,
  v2EventFromRequest,
} from './support/api-gateway-events';

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);
const reserved = new Set([
  'host',
  'cookie',
  'x-forwarded-proto',
  'x-forwarded-for',
  'content-length',
  'set-cookie',
  'content-type',
]);
const headers = fc.dictionary(
  token.filter((k) => !reserved.has(k)),
  headerValue,
  { maxKeys: 6 },
);
const query = fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 5 });
const pathSegments = fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/), { minLength: 1, maxLength: 4 });
const cookies = fc.array(fc.tuple(token, fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)), { maxLength: 3 });
const body = fc.oneof(
  fc.constant(null),
  fc
    .uint8Array({ maxLength: 64 })
    .map((b) => ({ type: 'application/octet-stream', bytes: new Uint8Array(b) })),
  fc.jsonValue().map((v) => ({
    type: 'application/json',
    bytes: new Uint8Array(Buffer.from(JSON.stringify(v) ?? 'null')),
  })),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');

function clientRequest(
  m: string,
  segs: string[],
  q: [string, string][],
  h: Record<string, string>,
  c: [string, string][],
  b: { type: string; bytes: Uint8Array<ArrayBuffer> } | null,
) {
  const url = new URL(`https://api.example.com/${segs.join('/')}`);
  for (const [k, v] of q) url.searchParams.append(k, v);
  const all = new Headers(h);
  if (c.length) all.set('cookie', c.map(([k, v]) => `${k}=${v}`).join('; '));
  const withBody = b && m !== 'GET';
  if (withBody) all.set('content-type', b.type);
  return new Request(url, { method: m, headers: all, body: withBody ? b.bytes : null });
}

/** Payload 1.0 groups query values by name (their order across names is lost by API Gateway itself). */
const grouped = (p: URLSearchParams) =>
  Object.fromEntries([...new Set(p.keys())].sort().map((k) => [k, p.getAll(k)]));

async function expectSameRequest(seen: HttpExchangeRequest, sent: Request, version: 'v2' | 'v1') {
  expect(seen.method).toBe(sent.method);
  const e = new URL(sent.url);
  expect(seen.path).toBe(e.pathname);
  const a = new URLSearchParams(seen.query);
  if (version === 'v2') expect([...a]).toEqual([...e.searchParams]);
  else expect(grouped(a)).toEqual(grouped(e.searchParams));
  for (const [k, v] of sent.headers) expect(seen.headers[k]).toBe(v);
  const bytes = Buffer.from(await sent.arrayBuffer());
  if (bytes.length === 0) expect(seen.body?.byteLength ?? 0).toBe(0);
  else expect(Buffer.from(seen.body ?? new Uint8Array())).toEqual(bytes);
}

describe('translation properties', () => {
  it('request: method, path, query, headers, cookies and body bytes survive both payload versions', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        pathSegments,
        query,
        headers,
        cookies,
        body,
        fc.boolean(),
        async (m, segs, q, h, c, b, b64) => {
          const sent = clientRequest(m, segs, q, h, c, b);
          const v2 = exchangeFromEvent(await v2EventFromRequest(sent.clone(), { base64Body: b64 }));
          await expectSameRequest(v2, sent.clone(), 'v2');
          const v1 = exchangeFromEvent(await v1EventFromRequest(sent.clone(), { base64Body: b64 }));
          await expectSameRequest(v1, sent.clone(), 'v1');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('response: status, headers and body survive both payload versions', async () => {
    const status = fc.constantFrom(200, 201, 400, 401, 403, 404, 413, 429, 500, 503);
    const answerHeaders = fc
      .dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9-]{0,11}$/), headerValue, { maxKeys: 6 })
      .filter((h) => new Set(Object.keys(h).map((k) => k.toLowerCase())).size === Object.keys(h).length);
    const text = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 64 }),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    );
    await fc.assert(
      fc.asyncProperty(status, answerHeaders, text, async (s, h, b) => {
        const answer = { status: s, headers: h, body: b };
        for (const back of [
          responseFromV2Result(resultV2FromExchange(answer)),
          responseFromV1Result(resultV1FromExchange(answer)),
        ]) {
          expect(back.status).toBe(s);
          for (const [k, v] of Object.entries(h)) expect(back.headers.get(k)).toBe(v);
          expect(await back.text()).toBe(b);
        }
      }),
      { numRuns: 150 },
    );
  });
});
