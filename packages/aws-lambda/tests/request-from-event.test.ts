import { Buffer } from 'node:buffer';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ProxyEvent } from '../src/events';
import { requestFromEvent, UnsupportedEventError } from '../src/request-from-event';
import { v1EventFromRequest, v2EventFromRequest } from './support/api-gateway-events';

// The real event types of @types/aws-lambda are accepted as they are.
const acceptsTypes: ((
  e: APIGatewayProxyEventV2 | APIGatewayProxyEvent | LambdaFunctionURLEvent,
) => ProxyEvent)[] = [(e) => e];

describe('requestFromEvent, payload 2.0 (HTTP API, Function URL)', () => {
  it('keeps method, host, path, raw query, headers and a JSON body', async () => {
    const event = await v2EventFromRequest(
      new Request('https://api.example.com/v1/tokens/rtc?a=1&b=x%20y&a=2', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'accept-language': 'de, en;q=0.5' },
        body: JSON.stringify({ channel: 'ü room' }),
      }),
    );
    const request = requestFromEvent(event);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.example.com/v1/tokens/rtc?a=1&b=x%20y&a=2');
    expect(request.headers.get('x-api-key')).toBe('k');
    expect(request.headers.get('accept-language')).toBe('de, en;q=0.5');
    expect(await request.json()).toEqual({ channel: 'ü room' });
    expect(acceptsTypes).toHaveLength(1);
  });

  it('decodes a base64 body to the exact bytes', async () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255, 0x7b]);
    const event = await v2EventFromRequest(
      new Request('https://h.example/x', {
        method: 'PUT',
        body: bytes,
        headers: { 'content-type': 'image/png' },
      }),
    );
    expect(event.isBase64Encoded).toBe(true);
    const request = requestFromEvent(event);
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it('decodes a base64-encoded JSON body', async () => {
    const event = await v2EventFromRequest(
      new Request('https://h.example/x', {
        method: 'POST',
        body: '{"a":"é"}',
        headers: { 'content-type': 'application/json' },
      }),
      { base64Body: true },
    );
    expect(event.body).toBe(Buffer.from('{"a":"é"}').toString('base64'));
    expect(await requestFromEvent(event).json()).toEqual({ a: 'é' });
  });

  it('turns the cookies array back into one Cookie header', async () => {
    const event = await v2EventFromRequest(
      new Request('https://h.example/', { headers: { cookie: 'a=1; b=2' } }),
    );
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['cookie']).toBeUndefined();
    expect(requestFromEvent(event).headers.get('cookie')).toBe('a=1; b=2');
  });

  it('has no body on GET and HEAD even if the event carries one', async () => {
    const event = await v2EventFromRequest(new Request('https://h.example/healthz'));
    const withBody = { ...event, body: 'ignored' };
    expect(requestFromEvent(withBody).body).toBeNull();
    const head = {
      ...withBody,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'HEAD' } },
    };
    expect(requestFromEvent(head).method).toBe('HEAD');
  });

  it('strips a named stage from rawPath, not the $default stage', async () => {
    const event = await v2EventFromRequest(new Request('https://h.example/prod/v1/tokens/rtm'));
    expect(new URL(requestFromEvent(event).url).pathname).toBe('/prod/v1/tokens/rtm');
    const staged = { ...event, requestContext: { ...event.requestContext, stage: 'prod' } };
    expect(new URL(requestFromEvent(staged).url).pathname).toBe('/v1/tokens/rtm');
    const prodless = { ...staged, rawPath: '/production/x' };
    expect(new URL(requestFromEvent(prodless).url).pathname).toBe('/production/x');
  });

  it('uses requestContext.domainName when there is no Host header', async () => {
    const event = await v2EventFromRequest(new Request('https://abc.lambda-url.us-east-1.on.aws/healthz'));
    delete event.headers['host'];
    expect(requestFromEvent(event).url).toBe('https://abc.lambda-url.us-east-1.on.aws/healthz');
  });
});

describe('requestFromEvent, payload 1.0 (REST API)', () => {
  it('rebuilds repeated query parameters and headers from the multi-value maps', async () => {
    const event = await v1EventFromRequest(
      new Request('https://api.example.com/rtc/room/publisher/uid/42?expiry=60&x=1&x=2'),
    );
    expect(event.multiValueQueryStringParameters).toEqual({ expiry: ['60'], x: ['1', '2'] });
    event.multiValueHeaders['x-custom'] = ['one', 'two'];
    const request = requestFromEvent(event);
    expect(request.url).toBe('https://api.example.com/rtc/room/publisher/uid/42?expiry=60&x=1&x=2');
    expect(request.headers.get('x-custom')).toBe('one, two');
  });

  it('encodes decoded query values again', () => {
    const event = {
      httpMethod: 'GET',
      path: '/chat/account/a b',
      headers: { Host: 'h.example' },
      multiValueHeaders: null,
      queryStringParameters: { q: 'a&b=c d', 'k y': 'ü' },
      multiValueQueryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {},
    };
    const url = new URL(requestFromEvent(event).url);
    expect(url.host).toBe('h.example');
    expect(url.searchParams.get('q')).toBe('a&b=c d');
    expect(url.searchParams.get('k y')).toBe('ü');
    expect(url.pathname).toBe('/chat/account/a%20b');
  });

  it('keeps a decoded ? or # in the path as part of the path', () => {
    const event = {
      httpMethod: 'GET',
      path: '/chat/account/a?b#c',
      headers: { host: 'h.example' },
      multiValueHeaders: null,
      queryStringParameters: { expiry: '60' },
      multiValueQueryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {},
    };
    const url = new URL(requestFromEvent(event).url);
    expect(decodeURIComponent(url.pathname)).toBe('/chat/account/a?b#c');
    expect(url.search).toBe('?expiry=60');
    expect(url.hash).toBe('');
  });

  it('decodes base64 and text bodies', async () => {
    const text = await v1EventFromRequest(
      new Request('https://h.example/v1/tokens/rtm', {
        method: 'POST',
        body: '{"userId":"u"}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(text.isBase64Encoded).toBe(false);
    expect(await requestFromEvent(text).json()).toEqual({ userId: 'u' });
    const b64 = { ...text, body: Buffer.from('{"userId":"v"}').toString('base64'), isBase64Encoded: true };
    expect(await requestFromEvent(b64).json()).toEqual({ userId: 'v' });
  });

  it('frames a body the client sent without Content-Length by its decoded byte length, and keeps a sent one', async () => {
    const event = await v2EventFromRequest(
      new Request('https://h.example/v1/tokens/rtm', {
        method: 'POST',
        body: '{"userId":"é"}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    delete event.headers['content-length'];
    expect(requestFromEvent(event).headers.get('content-length')).toBe('15');
    const b64 = { ...event, body: Buffer.from('{"userId":"vv"}').toString('base64'), isBase64Encoded: true };
    expect(requestFromEvent(b64).headers.get('content-length')).toBe('15');
    const sent = { ...event, headers: { ...event.headers, 'content-length': '15' } };
    expect(requestFromEvent(sent).headers.get('content-length')).toBe('15');
    const get = {
      ...event,
      body: undefined,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } },
    };
    expect(requestFromEvent(get).headers.has('content-length')).toBe(false);
  });
});

describe('requestFromEvent, client input a Request cannot hold', () => {
  const v2 = (headers: Record<string, string>, rawQueryString = '') =>
    ({
      version: '2.0',
      rawPath: '/v1/tokens/rtc',
      rawQueryString,
      headers,
      isBase64Encoded: false,
      body: '{}',
      requestContext: { http: { method: 'POST' }, stage: '$default', domainName: 'api.example.com' },
    }) as const;

  it('a header value above U+00FF arrives as its UTF-8 bytes, as a Node HTTP server would see it', () => {
    const request = requestFromEvent(v2({ 'x-name': '中文', 'x-latin': 'café' }));
    const bytes = Uint8Array.from(request.headers.get('x-name') ?? '', (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe('中文');
    expect(request.headers.get('x-latin')).toBe('café');
  });

  it('drops a header name or value no HTTP message can carry, in both payloads', () => {
    const bad = { 'x-api-key': 'k', 'bad name': 'x', 'x-split': 'a\nb' };
    const fromV2 = requestFromEvent(v2(bad));
    expect([...fromV2.headers.keys()]).toEqual(['content-length', 'x-api-key']);
    const fromV1 = requestFromEvent({
      httpMethod: 'GET',
      path: '/healthz',
      body: null,
      isBase64Encoded: false,
      multiValueHeaders: { 'x-api-key': ['k'], 'bad name': ['x'], 'x-split': ['a\nb', 'ok'] },
      requestContext: {},
    });
    expect([...fromV1.headers]).toEqual([
      ['x-api-key', 'k'],
      ['x-split', 'ok'],
    ]);
  });

  it('a Host that makes no URL gives way to the domain name', () => {
    expect(requestFromEvent(v2({ host: 'a b' })).url).toBe('https://api.example.com/v1/tokens/rtc');
    expect(requestFromEvent(v2({ host: 'h:99999' })).url).toBe('https://api.example.com/v1/tokens/rtc');
  });

  it('a # in rawQueryString stays in the query', () => {
    const request = requestFromEvent(v2({ host: 'h.example' }, 'a=1#2&b=3'));
    expect(new URL(request.url).searchParams.get('a')).toBe('1#2');
    expect(new URL(request.url).searchParams.get('b')).toBe('3');
  });
});

describe('requestFromEvent, other events', () => {
  it('rejects events that are not API Gateway or Function URL events', () => {
    expect(() => requestFromEvent({ Records: [] } as unknown as ProxyEvent)).toThrow(UnsupportedEventError);
    expect(() => requestFromEvent({ version: '2.0' } as unknown as ProxyEvent)).toThrow(
      UnsupportedEventError,
    );
  });

  it('rejects an Application Load Balancer event rather than answer it in the wrong shape', () => {
    const alb = {
      httpMethod: 'GET',
      path: '/healthz',
      queryStringParameters: { q: 'a%20b' },
      headers: { host: 'alb.example' },
      body: '',
      isBase64Encoded: false,
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/0' },
      },
    };
    expect(() => requestFromEvent(alb as unknown as ProxyEvent)).toThrow(UnsupportedEventError);
  });
});
