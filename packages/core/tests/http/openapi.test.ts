// GET /openapi.json: request bodies generated from the valibot schemas, and tested against them: a small
// JSON Schema checker over the document must accept exactly what valibot accepts.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/http/index.js';
import {
  chatRequestSchema,
  inspectRequestSchema,
  rtcRequestSchema,
  rtmRequestSchema,
} from '../../src/http/schemas.js';

type S = Record<string, unknown>;
const doc = buildOpenApiDocument({ compatRoutes: true }) as { openapi: string; paths: Record<string, S> };

function bodySchema(path: string): S {
  const op = doc.paths[path]!['post'] as S;
  return ((op['requestBody'] as S)['content'] as S)['application/json'] as S;
}

/** JSON Schema 2020-12, the subset the document uses. */
function accepts(schema: S, value: unknown): boolean {
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
