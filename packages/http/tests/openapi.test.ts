// GET /openapi.json: request bodies generated from the valibot schemas, and tested against them: a small
// JSON Schema checker over the document must accept exactly what valibot accepts.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, CredentialsUnavailableError } from '../src/index.js';
import {
  chatRequestSchema,
  inspectRequestSchema,
  rtcRequestSchema,
  rtmRequestSchema,
} from '../src/schemas.js';
import { harness } from './support/app-harness.js';

type S = Record<string, unknown>;
const doc = buildOpenApiDocument({ compatRoutes: true }) as { openapi: string; paths: Record<string, S> };

function bodySchema(path: string): S {
  const op = doc.paths[path]!['post'] as S;
  return ((op['requestBody'] as S)['content'] as S)['application/json'] as S;
}

/** JSON Schema 2020-12, the subset the document uses ($ref only to #/components/schemas/…). */
function accepts(schema: S, value: unknown): boolean {
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/components\/schemas\/(\w+)$/.exec(schema['$ref'])?.[1];
    const target = (doc as unknown as { components: { schemas: Record<string, S> } }).components.schemas[
      name ?? ''
    ];
    if (!target) throw new Error(`unresolved $ref ${schema['$ref']}`);
    return accepts(target, value);
  }
  if (Array.isArray(schema['type'])) {
    return (schema['type'] as string[]).some((type) => accepts({ ...schema, type }, value));
  }
  if ('oneOf' in schema) return (schema['oneOf'] as S[]).filter((s) => accepts(s, value)).length === 1;
  if ('const' in schema && value !== schema['const']) return false;
  if ('enum' in schema && !(schema['enum'] as unknown[]).includes(value)) return false;
  switch (schema['type']) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const o = value as Record<string, unknown>;
      const props = (schema['properties'] ?? {}) as Record<string, S>;
      for (const k of (schema['required'] ?? []) as string[]) if (!(k in o)) return false;
      for (const [k, x] of Object.entries(o)) {
        if (!(k in props)) {
          if (schema['additionalProperties'] === false) return false;
          continue;
        }
        if (!accepts(props[k]!, x)) return false;
      }
      return true;
    }
    case 'string': {
      if (typeof value !== 'string') return false;
      const n = [...value].length;
      if (typeof schema['minLength'] === 'number' && n < schema['minLength']) return false;
      if (typeof schema['maxLength'] === 'number' && n > schema['maxLength']) return false;
      if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value))
        return false;
      return true;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (schema['type'] === 'integer' && !Number.isInteger(value)) return false;
      if (typeof schema['minimum'] === 'number' && value < schema['minimum']) return false;
      if (typeof schema['maximum'] === 'number' && value > schema['maximum']) return false;
      return true;
    }
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value) && value.every((x) => accepts((schema['items'] ?? {}) as S, x));
    case undefined:
      return true;
    default:
      throw new Error(`unexpected type ${String(schema['type'])}`);
  }
}

const interesting = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    1.5,
    63,
    64,
    86400,
    86401,
    4294967295,
    4294967296,
    '',
    'a',
    ' a',
    'a/b',
    'room 1',
    'x'.repeat(64),
  ),
  fc.constantFrom(
    true,
    false,
    null,
    'publisher',
    'subscriber',
    'admin',
    [],
    {},
    { userId: 'u' },
    { userId: 5 },
    { join: 5 },
  ),
  fc.string({ maxLength: 70 }),
  fc.integer(),
  fc.double(),
);
const KEYS = [
  'channel',
  'uid',
  'account',
  'role',
  'expiresIn',
  'privileges',
  'rtm',
  'userId',
  'token',
  'extra',
];
const bodies = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), interesting, { maxKeys: 5 }), interesting);

describe('/openapi.json', () => {
  it('is OpenAPI 3.1 with strict request bodies for every v1 route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const rtc = bodySchema('/v1/tokens/rtc')['schema'] as S;
    expect(rtc['additionalProperties']).toBe(false);
    expect(rtc['required']).toEqual(['channel']);
    expect((rtc['properties'] as Record<string, S>)['uid']).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
    });
    expect((rtc['properties'] as Record<string, S>)['role']).toMatchObject({
      enum: ['publisher', 'subscriber'],
    });
    for (const p of ['/v1/tokens/rtm', '/v1/tokens/chat', '/v1/tokens/inspect']) {
      expect((bodySchema(p)['schema'] as S)['additionalProperties']).toBe(false);
    }
  });

  for (const [path, schema] of [
    ['/v1/tokens/rtc', rtcRequestSchema],
    ['/v1/tokens/rtm', rtmRequestSchema],
    ['/v1/tokens/chat', chatRequestSchema],
    ['/v1/tokens/inspect', inspectRequestSchema],
  ] as const) {
    it(`${path}: the document accepts exactly what the valibot schema accepts`, () => {
      const json = bodySchema(path)['schema'] as S;
      fc.assert(
        fc.property(bodies, (body) => {
          // the app takes only a JSON object to the schema (valibot's object schemas would also take an array)
          const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
          const appAccepts = isObject && v.safeParse(schema, body).success;
          expect(accepts(json, body), JSON.stringify(body)).toBe(appAccepts);
        }),
        { numRuns: 1500 },
      );
    });
  }
});

describe('/openapi.json against the running app', () => {
  const KEY = 'openapi-test-key';
  const env = {
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: createHash('sha256').update(KEY).digest('hex'),
    COMPAT_ROUTES: 'agora-token-service',
  };
  const auth = { 'x-api-key': KEY };
  let limited = false;
  const h = harness(env, {
    rateLimiter: {
      limit: async () => (limited ? { success: false, retryAfterSeconds: 3 } : { success: true }),
    },
  });
  const down = harness(env, {
    credentials: {
      get: () => Promise.reject(new CredentialsUnavailableError('ERR_CREDENTIALS_UNAVAILABLE', 'down')),
    },
  });

  /** The documented operation for a concrete path, if any. */
  function operation(method: string, path: string): S | undefined {
    for (const [template, item] of Object.entries(doc.paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (re.test(path)) return item[method.toLowerCase()] as S | undefined;
    }
    return undefined;
  }

  async function expectDocumented(method: string, path: string, res: Response): Promise<void> {
    const label = `${method} ${path} -> ${res.status}`;
    const op = operation(method, path);
    expect(op, label).toBeDefined();
    const documented = ((op!['responses'] as S)[String(res.status)] as S | undefined) ?? undefined;
    expect(documented, `${label} is not a documented status`).toBeDefined();
    const content = documented!['content'] as Record<string, S> | undefined;
    if (!content) return;
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    expect(Object.keys(content), label).toContain(type);
    const schema = content[type]!['schema'] as S;
    const text = await res.text();
    const body = type === 'text/plain' ? text : JSON.parse(text);
    expect(accepts(schema, body), `${label}: ${text.slice(0, 300)}`).toBe(true);
  }

  it('serves the document of this deployment', async () => {
    const res = await h.call('/openapi.json');
    expect(await res.json()).toEqual(
      JSON.parse(JSON.stringify(buildOpenApiDocument({ compatRoutes: true, authMode: 'api-key' }))),
    );
  });

  it('every response of every documented route matches its documented status, media type and schema', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
      h.post(path, body, headers);
    const issued = (await (await post('/v1/tokens/rtc', { channel: 'c', uid: 1 })).json()) as S;
    const legacy = (await import('agora-access-token')).default.RtcTokenBuilder.buildTokenWithUid(
      '970CA35de60c44645bbae8a215061b33',
      '5CFd2fd1755d40ecb72977518be15d3b',
      'old',
      12,
      1,
      2_000_000_000,
    );
    const exchanges: [string, string, () => Promise<Response>][] = [
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', { channel: 'c', uid: 1, role: 'publisher' })],
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', { channel: 'c', account: 'a', rtm: true })],
      [
        'POST',
        '/v1/tokens/rtc',
        () => post('/v1/tokens/rtc', { channel: 'c', uid: 0, rtm: { userId: 'r' } }),
      ],
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', { channel: 'c/', uid: '1', extra: 1 })],
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', '{')],
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', { channel: 'c', uid: 1 }, {})],
      ['POST', '/v1/tokens/rtc', () => post('/v1/tokens/rtc', { channel: 'x'.repeat(9000) })],
      [
        'POST',
        '/v1/tokens/rtc',
        () =>
          h.call('/v1/tokens/rtc', {
            method: 'POST',
            headers: { ...auth, 'content-type': 'text/plain' },
            body: '{}',
          }),
      ],
      ['POST', '/v1/tokens/rtm', () => post('/v1/tokens/rtm', { userId: 'u', expiresIn: 60 })],
      ['POST', '/v1/tokens/rtm', () => post('/v1/tokens/rtm', { userId: ' u' })],
      ['POST', '/v1/tokens/chat', () => post('/v1/tokens/chat', { userId: 'u' })],
      ['POST', '/v1/tokens/chat', () => post('/v1/tokens/chat', {})],
      ['POST', '/v1/tokens/inspect', () => post('/v1/tokens/inspect', { token: issued['token'] })],
      ['POST', '/v1/tokens/inspect', () => post('/v1/tokens/inspect', { token: legacy })],
      [
        'POST',
        '/v1/tokens/inspect',
        () => post('/v1/tokens/inspect', { token: legacy, channel: 'old', uid: 12 }),
      ],
      ['POST', '/v1/tokens/inspect', () => post('/v1/tokens/inspect', { token: '007AAAA' })],
      ['POST', '/v1/tokens/rtm', () => down.post('/v1/tokens/rtm', { userId: 'u' }, auth)],
      ['GET', '/healthz', () => h.call('/healthz')],
      ['GET', '/readyz', () => h.call('/readyz')],
      ['GET', '/readyz', () => down.call('/readyz')],
      ['GET', '/openapi.json', () => h.call('/openapi.json')],
      ['GET', '/ping', () => h.call('/ping', { headers: auth })],
      ['GET', '/ping', () => h.call('/ping')],
      ['GET', '/rtc/c/publisher/uid/7', () => h.call('/rtc/c/publisher/uid/7?expiry=60', { headers: auth })],
      ['GET', '/rtc/c/admin/uid/7', () => h.call('/rtc/c/admin/uid/7', { headers: auth })],
      ['GET', '/rtm/u', () => h.call('/rtm/u', { headers: auth })],
      ['GET', '/rte/c/publisher/uid/7', () => h.call('/rte/c/publisher/uid/7', { headers: auth })],
      [
        'GET',
        '/rte/c/publisher/userAccount/a/r',
        () => h.call('/rte/c/publisher/userAccount/a/r', { headers: auth }),
      ],
      ['GET', '/chat/app', () => h.call('/chat/app', { headers: auth })],
      ['GET', '/chat/account/u', () => h.call('/chat/account/u', { headers: auth })],
      ['GET', '/chat/account/u', () => h.call('/chat/account/u')],
      [
        'POST',
        '/getToken',
        () => post('/getToken', { tokenType: 'rtc', channel: 'c', uid: '7', role: 'publisher' }),
      ],
      ['POST', '/getToken', () => post('/getToken', { tokenType: 'rtm', uid: 'u' })],
      ['POST', '/getToken', () => post('/getToken', { tokenType: 'video' })],
    ];
    for (const [method, path, send] of exchanges) await expectDocumented(method, path, await send());
    limited = true;
    try {
      await expectDocumented('POST', '/v1/tokens/rtm', await post('/v1/tokens/rtm', { userId: 'u' }));
      await expectDocumented('GET', '/rtm/u', await h.call('/rtm/u', { headers: auth }));
    } finally {
      limited = false;
    }
  });

  it('every documented operation is served, and only those methods', async () => {
    for (const [template, item] of Object.entries(doc.paths)) {
      const path = template.replace(/\{[^}]+\}/g, 'x');
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        const res = await h.call(path, { method: method.toUpperCase(), headers: auth });
        if (method in item) expect([404, 405], `${method} ${path}`).not.toContain(res.status);
        else expect(res.status, `${method} ${path}`).toBe(405);
      }
    }
  });
});

describe('the document as a whole', () => {
  type Op = { responses: Record<string, unknown> };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Op>).map(([method, op]) => ({ path, method, op })),
    );

  it('names its server relative to where it was fetched', () => {
    expect((doc as unknown as { servers: unknown }).servers).toEqual([{ url: '/' }]);
  });

  it('every operation lists 404, 405 and 500; only operations with a body list 413 and 415', () => {
    for (const { path, method, op } of operations()) {
      for (const status of ['404', '405', '500'])
        expect(op.responses, `${method} ${path}`).toHaveProperty(status);
      const body = method === 'post';
      expect('413' in op.responses, `${method} ${path} 413`).toBe(body);
      expect('415' in op.responses, `${method} ${path} 415`).toBe(body);
    }
  });

  it('GET / points at the contract, without authentication', async () => {
    const h = harness({
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: createHash('sha256').update('k').digest('hex'),
    });
    const res = await h.call('/');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'tokenfn', openapi: '/openapi.json', health: '/healthz' });
    expect((doc.paths['/'] as Record<string, { security?: unknown }>)['get']?.security).toEqual([]);
  });
});
