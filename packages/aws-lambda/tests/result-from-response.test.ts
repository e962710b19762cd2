import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { resultV1FromResponse, resultV2FromResponse } from '../src/result-from-response';

const json = (status: number, body: unknown, headers: HeadersInit = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('resultV2FromResponse', () => {
  it('keeps status, headers and a JSON body as text', async () => {
    const result = await resultV2FromResponse(
      json(201, { ok: 'ü' }, { 'x-request-id': 'r1', 'cache-control': 'no-store' }),
    );
    expect(result).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1', 'cache-control': 'no-store' },
      body: '{"ok":"ü"}',
      isBase64Encoded: false,
    });
  });

  it('treats problem+json as text', async () => {
    const r = new Response('{"status":400}', {
      status: 400,
      headers: { 'content-type': 'application/problem+json' },
    });
    expect(await resultV2FromResponse(r)).toMatchObject({ body: '{"status":400}', isBase64Encoded: false });
  });

  it('base64-encodes a binary body exactly', async () => {
    const bytes = new Uint8Array([0, 255, 10, 13, 128]);
    const result = await resultV2FromResponse(
      new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
    );
    expect(result.isBase64Encoded).toBe(true);
    expect(new Uint8Array(Buffer.from(result.body, 'base64'))).toEqual(bytes);
  });

  it('moves every Set-Cookie into cookies', async () => {
    const headers = new Headers({ 'content-type': 'text/plain' });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; HttpOnly');
    const result = await resultV2FromResponse(new Response('hi', { headers }));
    expect(result.cookies).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(result.headers['set-cookie']).toBeUndefined();
    expect(result.body).toBe('hi');
  });

  it('gives an empty body for 204', async () => {
    const result = await resultV2FromResponse(
      new Response(null, { status: 204, headers: { 'access-control-allow-origin': 'https://a.example' } }),
    );
    expect(result).toEqual({
      statusCode: 204,
      headers: { 'access-control-allow-origin': 'https://a.example' },
      body: '',
      isBase64Encoded: false,
    });
  });
});

describe('resultV1FromResponse', () => {
  it('lists every header, keeping repeated Set-Cookie headers apart', async () => {
    const headers = new Headers({ 'content-type': 'application/json', vary: 'Origin' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const result = await resultV1FromResponse(new Response('{}', { status: 200, headers }));
    expect(result).toEqual({
      statusCode: 200,
      multiValueHeaders: {
        'content-type': ['application/json'],
        vary: ['Origin'],
        'set-cookie': ['a=1', 'b=2'],
      },
      body: '{}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes a binary body', async () => {
    const result = await resultV1FromResponse(new Response(new Uint8Array([1, 2, 3])));
    expect(result).toMatchObject({ body: 'AQID', isBase64Encoded: true });
  });
});
