import { Buffer } from 'node:buffer';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ProxyEvent } from '../src/events';
import { exchangeFromEvent, UnsupportedEventError } from '../src/exchange-from-event';
import { v1EventFromRequest, v2EventFromRequest } from './support/api-gateway-events';
import { openHandler } from './support/invoke';

// The real event types of @types/aws-lambda are accepted as they are.
const acceptsTypes: ((
  e: APIGatewayProxyEventV2 | APIGatewayProxyEvent | LambdaFunctionURLEvent,
) => ProxyEvent)[] = [(e) => e];

const text = (body: Uint8Array | null) => (body === null ? null : Buffer.from(body).toString('utf8'));

describe('exchangeFromEvent, payload 2.0 (HTTP API, Function URL)', () => {
  it('keeps method, path, raw query, headers and a JSON body', async () => {
    const event = await v2EventFromRequest(
      new Request('https://api.example.com/v1/tokens/rtc?a=1&b=x%20y&a=2', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Api-Key': 'k', 'accept-language': 'de, en;q=0.5' },
        body: JSON.stringify({ channel: 'ü room' }),
      }),
    );
    const exchange = exchangeFromEvent(event);
    expect(exchange.method).toBe('POST');
    expect(exchange.path).toBe('/v1/tokens/rtc');
    expect(exchange.query).toBe('a=1&b=x%20y&a=2');
    expect(exchange.headers['x-api-key']).toBe('k');
    expect(exchange.headers['accept-language']).toBe('de, en;q=0.5');
    expect(JSON.parse(text(exchange.body) ?? '')).toEqual({ channel: 'ü room' });
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
    expect(exchangeFromEvent(event).body).toEqual(bytes);
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
    expect(text(exchangeFromEvent(event).body)).toBe('{"a":"é"}');
  });

  it('turns the cookies array back into one Cookie header', async () => {
    const event = await v2EventFromRequest(
      new Request('https://h.example/', { headers: { cookie: 'a=1; b=2' } }),
    );
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['cookie']).toBeUndefined();
    expect(exchangeFromEvent(event).headers['cookie']).toBe('a=1; b=2');
  });

  it('has no body on GET and HEAD even if the event carries one', async () => {
    const event = await v2EventFromRequest(new Request('https://h.example/healthz'));
    const withBody = { ...event, body: 'ignored' };
    expect(exchangeFromEvent(withBody).body).toBeNull();
    const head = {
      ...withBody,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'HEAD' } },
    };
    expect(exchangeFromEvent(head)).toMatchObject({ method: 'HEAD', body: null });
  });

  it('strips a named stage from rawPath, not the $default stage', async () => {
    const event = await v2EventFromRequest(new Request('https://h.example/prod/v1/tokens/rtm'));
    expect(exchangeFromEvent(event).path).toBe('/prod/v1/tokens/rtm');
    const staged = { ...event, requestContext: { ...event.requestContext, stage: 'prod' } };
    expect(exchangeFromEvent(staged).path).toBe('/v1/tokens/rtm');
    expect(exchangeFromEvent({ ...staged, rawPath: '/prod' }).path).toBe('/');
    expect(exchangeFromEvent({ ...staged, rawPath: '/production/x' }).path).toBe('/production/x');
  });

  it('a # in rawQueryString is data in the query, not a fragment', () => {
    const exchange = exchangeFromEvent(v2({ host: 'h.example' }, 'a=1#2&b=3'));
    const params = new URLSearchParams(exchange.query);
    expect(params.get('a')).toBe('1#2');
    expect(params.get('b')).toBe('3');
  });
});

describe('exchangeFromEvent, payload 1.0 (REST API)', () => {
  it('rebuilds repeated query parameters and headers from the multi-value maps', async () => {
    const event = await v1EventFromRequest(
      new Request('https://api.example.com/rtc/room/publisher/uid/42?expiry=60&x=1&x=2'),
    );
    expect(event.multiValueQueryStringParameters).toEqual({ expiry: ['60'], x: ['1', '2'] });
    event.multiValueHeaders['x-custom'] = ['one', 'two'];
    const exchange = exchangeFromEvent(event);
    expect(exchange.path).toBe('/rtc/room/publisher/uid/42');
    expect(exchange.query).toBe('expiry=60&x=1&x=2');
    expect(exchange.headers['x-custom']).toBe('one, two');
  });

  it('encodes decoded query values again', () => {
    const exchange = exchangeFromEvent(
      v1Event({ path: '/chat/account/a b', queryStringParameters: { q: 'a&b=c d', 'k y': 'ü' } }),
    );
    const params = new URLSearchParams(exchange.query);
    expect(params.get('q')).toBe('a&b=c d');
    expect(params.get('k y')).toBe('ü');
    // a character no encoded path holds literally is escaped, so the route sees the same account
    expect(exchange.path).toBe('/chat/account/a%20b');
  });

  it('keeps a decoded ? or # in the path as part of the path', () => {
    const exchange = exchangeFromEvent(
      v1Event({ path: '/chat/account/a?b#c', queryStringParameters: { expiry: '60' } }),
    );
    expect(decodeURIComponent(exchange.path)).toBe('/chat/account/a?b#c');
    expect(exchange.query).toBe('expiry=60');
  });

  it('decodes base64 and text bodies', async () => {
    const event = await v1EventFromRequest(
      new Request('https://h.example/v1/tokens/rtm', {
        method: 'POST',
        body: '{"userId":"u"}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(event.isBase64Encoded).toBe(false);
    expect(text(exchangeFromEvent(event).body)).toBe('{"userId":"u"}');
    const b64 = { ...event, body: Buffer.from('{"userId":"v"}').toString('base64'), isBase64Encoded: true };
    expect(text(exchangeFromEvent(b64).body)).toBe('{"userId":"v"}');
  });

  it('frames a body by its decoded byte length, whatever Content-Length the event claims', async () => {
    const event = await v2EventFromRequest(
      new Request('https://h.example/v1/tokens/rtm', {
        method: 'POST',
        body: '{"userId":"é"}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    delete event.headers['content-length'];
    expect(exchangeFromEvent(event).headers['content-length']).toBe('15');
    const b64 = { ...event, body: Buffer.from('{"userId":"vv"}').toString('base64'), isBase64Encoded: true };
    expect(exchangeFromEvent(b64).headers['content-length']).toBe('15');
    const lying = { ...event, headers: { ...event.headers, 'content-length': '3' } };
    expect(exchangeFromEvent(lying).headers['content-length']).toBe('15');
    const get = {
      ...event,
      body: undefined,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } },
    };
    expect(exchangeFromEvent(get).headers['content-length']).toBeUndefined();
  });
});

function v2(headers: Record<string, string>, rawQueryString = '', method: unknown = 'POST'): ProxyEvent {
  return {
    version: '2.0',
    rawPath: '/v1/tokens/rtc',
    rawQueryString,
    headers,
    isBase64Encoded: false,
    body: '{}',
    requestContext: { http: { method }, stage: '$default', domainName: 'api.example.com' },
  } as unknown as ProxyEvent;
}

function v1Event(o: { path: string } & Record<string, unknown>): ProxyEvent {
  return {
    httpMethod: 'GET',
    headers: { host: 'h.example' },
    multiValueHeaders: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {},
    ...o,
  } as unknown as ProxyEvent;
}

describe('exchangeFromEvent, client input an HTTP message cannot hold', () => {
  it('a header value above U+00FF arrives as its UTF-8 bytes, as a Node HTTP server would see it', () => {
    const exchange = exchangeFromEvent(v2({ 'x-name': '中文', 'x-latin': 'café' }));
    const bytes = Uint8Array.from(exchange.headers['x-name'] ?? '', (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe('中文');
    expect(exchange.headers['x-latin']).toBe('café');
  });

  it('drops a header name or value no HTTP message can carry, in both payloads', () => {
    const bad = { 'x-api-key': 'k', 'bad name': 'x', 'x-split': 'a\nb' };
    expect(Object.keys(exchangeFromEvent(v2(bad)).headers).sort()).toEqual(['content-length', 'x-api-key']);
    const fromV1 = exchangeFromEvent(
      v1Event({
        path: '/healthz',
        multiValueHeaders: { 'x-api-key': ['k'], 'bad name': ['x'], 'x-split': ['a\nb', 'ok'] },
      }),
    );
    expect(fromV1.headers).toEqual({ 'x-api-key': 'k', 'x-split': 'ok' });
  });

  it('a method that is not an HTTP token reaches the app as one it refuses', () => {
    expect(exchangeFromEvent(v2({}, '', 'get')).method).toBe('GET');
    expect(exchangeFromEvent(v2({}, '', 'GE T')).method).toBe('INVALID');
    expect(exchangeFromEvent(v2({}, '', 42)).method).toBe('INVALID');
    expect(exchangeFromEvent(v2({}, '', 'X'.repeat(100))).method).toBe('INVALID');
  });
});

describe('exchangeFromEvent, other events', () => {
  it('rejects events that are not API Gateway or Function URL events', () => {
    expect(() => exchangeFromEvent({ Records: [] } as unknown as ProxyEvent)).toThrow(UnsupportedEventError);
    expect(() => exchangeFromEvent({ version: '2.0' } as unknown as ProxyEvent)).toThrow(
      UnsupportedEventError,
    );
  });

  it('rejects an Application Load Balancer event rather than answer it in the wrong shape', () => {
    const alb = v1Event({
      path: '/healthz',
      queryStringParameters: { q: 'a%20b' },
      requestContext: {
        elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/0' },
      },
    });
    expect(() => exchangeFromEvent(alb)).toThrow(UnsupportedEventError);
  });
});

describe('the handler on odd client input', () => {
  const handler = openHandler();
  const status = async (event: ProxyEvent) => ((await handler(event)) as { statusCode: number }).statusCode;

  it('routes by the path alone: a client Host header never selects a route', async () => {
    const event = await v2EventFromRequest(
      new Request('https://api.example.com/healthz', { headers: { host: 'evil.example/v1/tokens/rtc?' } }),
    );
    expect(await status(event)).toBe(200);
  });

  it('TRACE, CONNECT and a method that is no token are answered, never thrown', async () => {
    for (const method of ['TRACE', 'CONNECT', 'GE T', '']) {
      const answer = await status(v2({}, '', method));
      expect([404, 405]).toContain(answer);
    }
  });

  it('a malformed percent-encoding in a decoded REST API path is a 4xx, not a failed invocation', async () => {
    const answer = await status(v1Event({ path: '/rtc/100%/publisher/uid/1' }));
    expect(answer).toBeGreaterThanOrEqual(400);
    expect(answer).toBeLessThan(500);
  });
});

describe('exchangeFromEvent, paths as each service delivers them', () => {
  const onHost = (event: ProxyEvent, domainName: string): ProxyEvent =>
    ({ ...event, requestContext: { ...event.requestContext, domainName } }) as ProxyEvent;
  const v2Path = (rawPath: string, domainName = 'api.example.com') =>
    onHost({ ...(v2({}) as object), rawPath } as ProxyEvent, domainName);

  it('an HTTP API rawPath arrives decoded: a % in it is data, not the start of an escape', () => {
    // the client sent /chat/account/a%2541; HTTP API hands over /chat/account/a%41
    const exchange = exchangeFromEvent(v2Path('/chat/account/a%41'));
    expect(exchange.path).toBe('/chat/account/a%2541');
    expect(decodeURIComponent(exchange.path)).toBe('/chat/account/a%41');
    expect(exchangeFromEvent(v2Path('/chat/account/ü b')).path).toBe('/chat/account/%C3%BC%20b');
  });

  it('a Function URL rawPath arrives as sent: its escapes are kept', () => {
    const url = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws';
    expect(exchangeFromEvent(v2Path('/chat/account/a%2541', url)).path).toBe('/chat/account/a%2541');
    expect(exchangeFromEvent(v2Path('/chat/account/100%', url)).path).toBe('/chat/account/100%25');
  });

  it('HTTP API payload 1.0: the named stage is stripped from a decoded path', () => {
    const httpV1 = (path: string, stage: string) =>
      v1Event({ version: '1.0', path, requestContext: { stage, domainName: 'api.example.com' } });
    expect(exchangeFromEvent(httpV1('/prod/v1/tokens/rtm', 'prod')).path).toBe('/v1/tokens/rtm');
    expect(exchangeFromEvent(httpV1('/v1/tokens/rtm', '$default')).path).toBe('/v1/tokens/rtm');
    expect(exchangeFromEvent(httpV1('/prod/chat/account/a%41', 'prod')).path).toBe('/chat/account/a%2541');
  });

  it('REST API behind a custom domain: the base path mapping is not part of the route', async () => {
    const event = await v1EventFromRequest(new Request('https://api.example.com/tokens/v1/tokens/rtm'));
    const mapped = { ...event, pathParameters: { proxy: 'v1/tokens/rtm' } };
    expect(exchangeFromEvent(mapped).path).toBe('/v1/tokens/rtm');
    const nested = { ...mapped, path: '/a/b/v1/tokens/rtm/' };
    expect(exchangeFromEvent(nested).path).toBe('/v1/tokens/rtm/');
    const literal = { ...event, resource: '/healthz', pathParameters: null, path: '/api/healthz' };
    expect(exchangeFromEvent(literal).path).toBe('/healthz');
    // without a mapping the path is the route, encoded as the client sent it
    const plain = await v1EventFromRequest(new Request('https://api.example.com/chat/account/a%2541'));
    expect(exchangeFromEvent({ ...plain, pathParameters: { proxy: 'chat/account/a%41' } }).path).toBe(
      '/chat/account/a%2541',
    );
  });
});

describe('exchangeFromEvent, events that are no HTTP request', () => {
  const handler = openHandler();

  it.each([
    ['null', null],
    ['no payload', undefined],
    ['a string', 'hello'],
    ['a number', 42],
    ['a v2 look-alike without requestContext', { version: '2.0', rawPath: '/healthz' }],
    ['a v1 look-alike without requestContext', { httpMethod: 'GET', path: '/healthz' }],
    ['an SQS message', { Records: [{ eventSource: 'aws:sqs', body: 'secret-payload' }] }],
  ])('%s: UnsupportedEventError, saying nothing of the event', async (_, event) => {
    const failure = await handler(event as unknown as ProxyEvent).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(UnsupportedEventError);
    expect(String((failure as Error).message)).not.toContain('secret-payload');
  });

  it('odd shapes a hand-written test event may have do not fail the translation', () => {
    const v2Odd = { ...(v2({}) as object), cookies: 'a=1' } as unknown as ProxyEvent;
    expect(() => exchangeFromEvent(v2Odd)).not.toThrow();
    const v1Odd = v1Event({ path: '/healthz', multiValueHeaders: { host: 'h.example', n: 3 } });
    expect(() => exchangeFromEvent(v1Odd)).not.toThrow();
    const v1Query = v1Event({ path: '/healthz', multiValueQueryStringParameters: { a: 1 } });
    expect(() => exchangeFromEvent(v1Query)).not.toThrow();
  });
});

describe('the handler on bodies', () => {
  const handler = openHandler();
  const rtm = (body: string) =>
    new Request('https://api.example.com/v1/tokens/rtm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  const status = async (event: ProxyEvent) => ((await handler(event)) as { statusCode: number }).statusCode;

  it.each(['v2', 'v1'] as const)(
    '%s: over the limit 413, empty or absent 400, bad base64 a 4xx',
    async (v) => {
      const toEvent = v === 'v2' ? v2EventFromRequest : v1EventFromRequest;
      const big = await toEvent(rtm(JSON.stringify({ userId: 'u', pad: 'x'.repeat(9000) })), {
        base64Body: true,
      });
      expect(await status(big)).toBe(413);
      const event = await toEvent(rtm('{"userId":"u","expiresIn":60}'));
      expect(await status(event)).toBe(200);
      expect(await status({ ...event, body: '' } as ProxyEvent)).toBe(400);
      expect(await status({ ...event, body: v === 'v2' ? undefined : null } as ProxyEvent)).toBe(400);
      const badBase64 = { ...event, body: '%%%not base64%%%', isBase64Encoded: true } as ProxyEvent;
      const answer = await status(badBase64);
      expect(answer).toBeGreaterThanOrEqual(400);
      expect(answer).toBeLessThan(500);
    },
  );
});
