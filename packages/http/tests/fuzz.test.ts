// Property tests (fast-check): random bodies, headers, paths and methods never give a 5xx, and never
// a token for a request that should not have one.
import { createHash } from 'node:crypto';
import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { LogCapture } from '@tokenfn/http/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { harness } from './support/app-harness.js';

const KEY = 'fuzz-api-key-3c9a';
const ENV = {
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: createHash('sha256').update(KEY).digest('hex'),
  COMPAT_ROUTES: 'agora-token-service',
  CORS_ALLOW_ORIGINS: 'https://app.test',
};
const logs = new LogCapture();
const secrets = new SecretSet();
secrets.add(KEY, '5CFd2fd1755d40ecb72977518be15d3b');
const h = harness(ENV, { logs });
afterAll(() => expectCleanLogs(logs.lines, secrets));

const TOKEN_SHAPE = /00[67][A-Za-z0-9+/=]{30,}/;
const RUNS = 250;

const knownPaths = [
  '/v1/tokens/rtc',
  '/v1/tokens/rtm',
  '/v1/tokens/chat',
  '/v1/tokens/inspect',
  '/healthz',
  '/readyz',
  '/openapi.json',
  '/ping',
  '/getToken',
  '/chat/app',
];
const segment = fc.oneof(
  fc.constantFrom(
    'rtc',
    'rtm',
    'rte',
    'chat',
    'uid',
    'userAccount',
    'publisher',
    'subscriber',
    '0',
    '1',
    'app',
    'account',
  ),
  fc.webSegment(),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc.oneof(
  fc.constantFrom(...knownPaths),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`),
  fc.tuple(fc.constantFrom(...knownPaths), fc.webQueryParameters()).map(([p, q]) => `${p}?${q}`),
  fc
    .tuple(segment, segment, segment, fc.constantFrom('', '?expiry=', '?expiry=-1', '?expiry=99999999999'))
    .map(([a, b, c, q]) => `/rtc/${a}/${b}/${c}/1${q}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST', 'POST');
const headerValue = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
);
const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom('application/json', 'text/plain', 'application/problem+json'),
      headerValue,
    ),
    'x-api-key': fc.oneof(fc.constant(KEY), headerValue),
    authorization: fc.oneof(fc.constant('Bearer x.y.z'), headerValue),
    origin: fc.oneof(fc.constant('https://app.test'), headerValue),
    'x-request-id': headerValue,
    'access-control-request-method': fc.constantFrom('POST', 'GET', 'DELETE'),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc
    .dictionary(
      fc.constantFrom(
        'channel',
        'uid',
        'account',
        'role',
        'expiresIn',
        'userId',
        'token',
        'rtm',
        'privileges',
        'tokenType',
        'expire',
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(undefined),
);

describe('property: any request', () => {
  it('never gets a 5xx, always an X-Request-Id, and a token only with the API key', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, hs, b) => {
        const init: RequestInit = { method: m, headers: hs };
        if (b !== undefined && m !== 'GET' && m !== 'HEAD') init.body = b as BodyInit;
        const res = await h.call(p, init);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('x-request-id')).toBeTruthy();
        const text = await res.text();
        if (TOKEN_SHAPE.test(text)) {
          secrets.add(text.match(TOKEN_SHAPE)?.[0]);
          expect(res.status).toBe(200);
          expect(hs['x-api-key']).toBe(KEY);
        }
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

// An RTC body built from per-field choices, each valid or not, with the oracle's verdict.
type Field = { present: boolean; value?: unknown; valid: boolean };
const absent: Field = { present: false, valid: true };
const val = (v: unknown, valid: boolean): Field => ({ present: true, value: v, valid });
const CHAN = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,63}$/;

const channelField = fc.oneof(
  fc.stringMatching(CHAN).map((s) => val(s, true)),
  fc.constantFrom('', 'x'.repeat(64), 'a/b', 'naïve', 'tab\t', '*').map((s) => val(s, false)),
  fc.constantFrom(1, null, true, ['c'], { c: 1 }).map((v) => val(v, false)),
  fc.constant({ present: false, valid: false } as Field),
);
const uidField = fc.oneof(
  fc.constant(absent),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => val(n, true)),
  fc
    .oneof(fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom(-1, 1.5, 2 ** 32, null, '0', true))
    .map((v) => val(v, false)),
);
const accountField = fc.oneof(
  fc.constant(absent),
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/).map((s) => val(s, true)),
  fc.constantFrom('', 'a*b', 'x'.repeat(256), 5, null).map((v) => val(v, false)),
);
const roleField = fc.oneof(
  fc.constant(absent),
  fc.constantFrom('publisher', 'subscriber').map((r) => val(r, true)),
  fc.constantFrom('admin', 'Publisher', '', 1, null).map((v) => val(v, false)),
);
const expiresField = fc.oneof(
  fc.constant(absent),
  fc.integer({ min: 1, max: 86400 }).map((n) => val(n, true)),
  fc.constantFrom(0, -5, 86401, 1.5, '60', null, 1e12).map((v) => val(v, false)),
);
const extraField = fc.oneof(
  fc.constant(absent),
  fc.constantFrom('admin', 'uid ', 'Channel', 'constructor').map((k) => val(k, false)),
);

describe('property: POST /v1/tokens/rtc', () => {
  it('200 with a token exactly when every field is valid; otherwise 400 and no token', async () => {
    await fc.assert(
      fc.asyncProperty(
        channelField,
        uidField,
        accountField,
        roleField,
        expiresField,
        extraField,
        async (channel, uid, account, role, expiresIn, extra) => {
          const o: Record<string, unknown> = {};
          if (channel.present) o['channel'] = channel.value;
          if (uid.present) o['uid'] = uid.value;
          if (account.present) o['account'] = account.value;
          if (role.present) o['role'] = role.value;
          if (expiresIn.present) o['expiresIn'] = expiresIn.value;
          if (extra.present) o[extra.value as string] = 1;
          const exactlyOne = uid.present !== account.present;
          const valid =
            [channel, uid, account, role, expiresIn, extra].every((f) => f.valid) &&
            exactlyOne &&
            channel.present;
          const res = await h.post('/v1/tokens/rtc', o, { 'x-api-key': KEY });
          const text = await res.text();
          if (valid) {
            expect(res.status, text).toBe(200);
            const token = (JSON.parse(text) as { token: string }).token;
            secrets.add(token);
            expect(token).toMatch(/^007/);
          } else {
            expect(res.status, JSON.stringify(o)).toBe(400);
            expect(text).not.toMatch(TOKEN_SHAPE);
            const errors = (JSON.parse(text) as { errors: { path: string }[] }).errors;
            expect(errors.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
