// The HTTP contract of tokenfn (version 1, the routes of @tokenfn/http), written once and run against every
// target over its real interface: the local server over HTTP, the Lambda handler through API Gateway
// events, the Worker inside workerd. Only vitest and Web APIs here: this file also runs inside workerd.
import { afterAll, describe, expect, it as vitestIt } from 'vitest';
import { readToken007 } from './token-check.js';

export interface ContractTarget {
  fetch(request: Request): Promise<Response>;
}

/** Agora's published test credentials (never for production). */
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const APP_CERTIFICATE = '5CFd2fd1755d40ecb72977518be15d3b';

/** The API key every target accepts; its SHA-256 is in CONTRACT_ENV.API_KEY_HASHES. */
export const CONTRACT_API_KEY = 'tokenfn-contract-api-key-9f2c1e';
const CONTRACT_API_KEY_SHA256 = 'a73b89b1bf87e4bd82edd040c5d7f6895ede141b54f4979971f8bb39af524dd2';
export const CONTRACT_ORIGIN = 'https://app.example.com';
/**
 * A second accepted key whose scope (API_KEY_SCOPES) grants every product; CONTRACT_API_KEY has no scope,
 * so it gets the defaults (rtc, rtm, chat).
 */
export const CONTRACT_PRODUCTS_API_KEY = 'tokenfn-contract-products-key-4d1a7b';
const CONTRACT_PRODUCTS_API_KEY_SHA256 = 'd2a4ade23d26a923cebf993e19a4aefed8b808367b7c27a8132d6a3a9081dd13';

/** The configuration every target is started with. */
export const CONTRACT_ENV: Record<string, string> = {
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: `${CONTRACT_API_KEY_SHA256},${CONTRACT_PRODUCTS_API_KEY_SHA256}`,
  API_KEY_SCOPES: JSON.stringify({
    [CONTRACT_PRODUCTS_API_KEY_SHA256]: {
      products: ['rtc', 'rtm', 'rtm2', 'chat', 'convoai', 'stt', 'apaas', 'fpa'],
    },
  }),
  COMPAT_ROUTES: 'agora-token-service',
  CORS_ALLOW_ORIGINS: CONTRACT_ORIGIN,
  AGORA_APP_ID: APP_ID,
  AGORA_APP_CERTIFICATE: APP_CERTIFICATE,
  DEFAULT_EXPIRES_IN: '3600',
  MAX_EXPIRES_IN: '86400',
  SECRET_CACHE_SECONDS: '300',
  SECRET_MAX_STALE_SECONDS: '3600',
};

const BASE = 'https://tokenfn.test';
/** Every route that issues a token (inspect aside). */
const TOKEN_ROUTES = [
  '/v1/tokens/rtc',
  '/v1/tokens/rtm',
  '/v1/tokens/chat',
  '/v1/tokens/rtm2',
  '/v1/tokens/convoai',
  '/v1/tokens/stt',
  '/v1/tokens/apaas',
  '/v1/tokens/fpa',
];
const MAX_BODY = 8192;

type Json = Record<string, unknown>;

export interface ContractSuiteOptions {
  /**
   * Tests a target cannot pass because its platform answers first, by title, each with the reason. They are
   * reported as skipped; a title that names no test is an error.
   */
  platformExceptions?: Readonly<Record<string, string>>;
}

export function defineContractSuite(
  name: string,
  getTarget: () => ContractTarget,
  o: ContractSuiteOptions = {},
): void {
  const exceptions = new Set(Object.keys(o.platformExceptions ?? {}));
  const it = (title: string, fn: () => unknown) => {
    const excepted = exceptions.delete(title);
    (excepted ? vitestIt.skip : vitestIt)(title, fn);
  };
  const send = (path: string, init: RequestInit = {}) =>
    getTarget().fetch(new Request(`${BASE}${path}`, init));
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(path, { headers: { 'X-API-Key': CONTRACT_API_KEY, ...headers } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': CONTRACT_API_KEY, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function expectProblem(res: Response, status: number, code?: string): Promise<Json> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(body['type']).toBe('about:blank');
    expect(typeof body['code']).toBe('string');
    if (code) expect(body['code']).toBe(code);
    expect(JSON.stringify(body)).not.toMatch(/00[67][A-Za-z0-9+/=]{40,}/); // never a token
    expect(JSON.stringify(body)).not.toContain(APP_CERTIFICATE);
    expect(JSON.stringify(body)).not.toContain(CONTRACT_API_KEY);
    return body;
  }

  async function expectFieldError(res: Response, field: string): Promise<void> {
    const body = await expectProblem(res, 400);
    const errors = body['errors'] as { path: string; message: string }[];
    expect(Array.isArray(errors)).toBe(true);
    expect(errors.map((e) => e.path)).toContain(field);
    for (const e of errors) expect(typeof e.message).toBe('string');
  }

  async function expectTokenResponse(res: Response): Promise<Json> {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    return (await res.json()) as Json;
  }

  function nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  describe(`HTTP contract v1: ${name}`, () => {
    describe('operations', () => {
      it('GET /healthz answers {"status":"ok"} with an X-Request-Id', async () => {
        const res = await send('/healthz');
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'ok' });
        expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      });

      it('GET /readyz is 200 when the credentials load', async () => {
        const res = await send('/readyz');
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'ready' });
      });

      it('GET /openapi.json is an OpenAPI 3.1 document of every route', async () => {
        const res = await send('/openapi.json');
        expect(res.status).toBe(200);
        const doc = (await res.json()) as { openapi: string; paths: Record<string, Json> };
        expect(doc.openapi).toMatch(/^3\.1\./);
        for (const p of [...TOKEN_ROUTES, '/v1/tokens/inspect']) expect(doc.paths[p]).toHaveProperty('post');
        for (const p of ['/healthz', '/readyz', '/openapi.json', '/ping', '/chat/app']) {
          expect(doc.paths[p]).toHaveProperty('get');
        }
        expect(doc.paths['/getToken']).toHaveProperty('post');
        const rtc = (doc.paths['/v1/tokens/rtc'] as Json)['post'] as Json;
        const schema = (((rtc['requestBody'] as Json)['content'] as Json)['application/json'] as Json)[
          'schema'
        ] as Json;
        expect(schema['additionalProperties']).toBe(false);
        expect(schema['required']).toEqual(['channel']);
      });

      it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
        const kept = await send('/healthz', { headers: { 'X-Request-Id': 'abc-123.test' } });
        expect(kept.headers.get('x-request-id')).toBe('abc-123.test');
        const replaced = await send('/healthz', { headers: { 'X-Request-Id': 'bad id with spaces' } });
        expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
        expect(replaced.headers.get('x-request-id')).toBeTruthy();
      });
    });

    describe('POST /v1/tokens/rtc', () => {
      it('issues a verifiable RTC token for a uid', async () => {
        const before = nowSeconds();
        const body = await expectTokenResponse(
          await post('/v1/tokens/rtc', {
            channel: 'contract-room',
            uid: 4242,
            role: 'publisher',
            expiresIn: 600,
          }),
        );
        expect(body).toMatchObject({ appId: APP_ID, channel: 'contract-room', uid: 4242, role: 'publisher' });
        expect(body['account']).toBeUndefined();
        const issuedAt = body['issuedAt'] as number;
        expect(issuedAt).toBeGreaterThanOrEqual(before - 1);
        expect(issuedAt).toBeLessThanOrEqual(nowSeconds() + 1);
        expect(body['expiresAt']).toBe(issuedAt + 600);
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.appId).toBe(APP_ID);
        expect(t.issueTs).toBe(issuedAt);
        expect(t.expire).toBe(600);
        expect(t.services).toHaveLength(1);
        expect(t.services[0]!.type).toBe(1);
        expect(t.services[0]!.fields).toEqual(['contract-room', '4242']);
        // publisher: join and the three publish privileges
        expect(Object.keys(t.services[0]!.privileges).sort()).toEqual(['1', '2', '3', '4']);
      });

      it('defaults to subscriber and DEFAULT_EXPIRES_IN, and takes an account', async () => {
        const body = await expectTokenResponse(
          await post('/v1/tokens/rtc', { channel: 'room 2', account: 'alice' }),
        );
        expect(body).toMatchObject({ channel: 'room 2', account: 'alice', role: 'subscriber' });
        expect(body['uid']).toBeUndefined();
        expect((body['expiresAt'] as number) - (body['issuedAt'] as number)).toBe(3600);
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services[0]!.fields).toEqual(['room 2', 'alice']);
        expect(Object.keys(t.services[0]!.privileges)).toEqual(['1']);
      });

      it('adds an RTM login with rtm: true', async () => {
        const body = await expectTokenResponse(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 7, rtm: true, expiresIn: 300 }),
        );
        expect(body['rtmUserId']).toBe('7');
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.services.map((s) => s.type)).toEqual([1, 2]);
        expect(t.services[1]!.fields).toEqual(['7']);
      });

      it('packs uid 0 (any uid) as an empty string', async () => {
        const body = await expectTokenResponse(await post('/v1/tokens/rtc', { channel: 'c', uid: 0 }));
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.services[0]!.fields).toEqual(['c', '']);
      });

      it('400 naming the field: uid as a string', async () => {
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: '42' }), 'uid');
      });
      it('400 naming the field: channel with a forbidden character', async () => {
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'bad/channel', uid: 1 }), 'channel');
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'x'.repeat(64), uid: 1 }), 'channel');
      });
      it('400 naming the field: an unknown field', async () => {
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: 1, admin: true }), 'admin');
      });
      it('400 naming the field: __proto__ and constructor are unknown fields like any other', async () => {
        await expectFieldError(
          await post('/v1/tokens/rtc', '{"channel":"c","uid":1,"__proto__":{"role":"publisher"}}'),
          '__proto__',
        );
        await expectFieldError(
          await post('/v1/tokens/rtc', '{"channel":"c","uid":1,"constructor":{}}'),
          'constructor',
        );
      });
      it('400 naming the field: a field of the wrong type', async () => {
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 5, uid: 1 }), 'channel');
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: 1, role: 'admin' }), 'role');
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: 1.5 }), 'uid');
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: 2 ** 32 }), 'uid');
      });
      it('400 when both or neither of uid and account are given', async () => {
        const both = await expectProblem(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 1, account: 'a' }),
          400,
        );
        expect(JSON.stringify(both['errors'])).toMatch(/uid|account/);
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c' }), 'uid');
      });
      it('400 when expiresIn is above MAX_EXPIRES_IN or not positive', async () => {
        await expectFieldError(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 1, expiresIn: 86401 }),
          'expiresIn',
        );
        await expectFieldError(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 1, expiresIn: 0 }),
          'expiresIn',
        );
      });
      it('400 for a body that is not JSON, or not an object', async () => {
        await expectProblem(await post('/v1/tokens/rtc', '{"channel": "c",'), 400, 'ERR_INVALID_JSON');
        await expectProblem(await post('/v1/tokens/rtc', '[1,2]'), 400);
        await expectProblem(await post('/v1/tokens/rtc', 'null'), 400);
      });
      it('415 for a body that is not declared JSON', async () => {
        await expectProblem(
          await post('/v1/tokens/rtc', JSON.stringify({ channel: 'c', uid: 1 }), {
            'Content-Type': 'text/plain',
          }),
          415,
          'ERR_UNSUPPORTED_MEDIA_TYPE',
        );
      });
      it('413 for a body over 8 KiB', async () => {
        const body = JSON.stringify({ channel: 'c', uid: 1, pad: 'x'.repeat(MAX_BODY) });
        await expectProblem(await post('/v1/tokens/rtc', body), 413, 'ERR_BODY_TOO_LARGE');
      });
      it('405 with Allow for another method', async () => {
        const res = await get('/v1/tokens/rtc');
        await expectProblem(res, 405, 'ERR_METHOD_NOT_ALLOWED');
        expect(res.headers.get('allow')).toContain('POST');
      });
    });

    describe('POST /v1/tokens/rtm and /v1/tokens/chat', () => {
      it('issues an RTM token', async () => {
        const body = await expectTokenResponse(
          await post('/v1/tokens/rtm', { userId: 'bob', expiresIn: 120 }),
        );
        expect(body).toMatchObject({ appId: APP_ID, userId: 'bob' });
        expect((body['expiresAt'] as number) - (body['issuedAt'] as number)).toBe(120);
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services).toEqual([{ type: 2, privileges: { 1: 120 }, fields: ['bob'] }]);
      });
      it('400 for an RTM user id starting with a space, or missing', async () => {
        await expectFieldError(await post('/v1/tokens/rtm', { userId: ' bob' }), 'userId');
        await expectFieldError(await post('/v1/tokens/rtm', {}), 'userId');
      });
      it('issues a chat user token', async () => {
        const body = await expectTokenResponse(await post('/v1/tokens/chat', { userId: 'carol' }));
        expect(body).toMatchObject({ appId: APP_ID, userId: 'carol' });
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services[0]).toMatchObject({ type: 5, fields: ['carol'] });
        expect(Object.keys(t.services[0]!.privileges)).toEqual(['1']);
      });
      it('issues a chat app token to an API-key caller', async () => {
        const body = await expectTokenResponse(await post('/v1/tokens/chat', {}));
        expect(body['userId']).toBeUndefined();
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services[0]).toMatchObject({ type: 5, fields: [''] });
        expect(Object.keys(t.services[0]!.privileges)).toEqual(['2']);
      });
    });

    describe('the app that signs (one app: "default")', () => {
      it('every token answer names its app; naming it, by name or App ID, gives the same app', async () => {
        const plain = await expectTokenResponse(await post('/v1/tokens/rtm', { userId: 'app-user' }));
        expect(plain).toMatchObject({ app: 'default', appId: APP_ID });
        const named = await expectTokenResponse(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 3, app: 'default' }),
        );
        expect(named['app']).toBe('default');
        const byId = await expectTokenResponse(await post('/v1/tokens/chat', { userId: 'u', appId: APP_ID }));
        expect(byId['app']).toBe('default');
        expect((await readToken007(byId['token'] as string, APP_CERTIFICATE)).signatureValid).toBe(true);
      });
      it('403 app_not_allowed for an app the caller is not granted, 400 for a malformed name', async () => {
        const other = await expectProblem(
          await post('/v1/tokens/rtc', { channel: 'c', uid: 3, app: 'staging' }),
          403,
          'ERR_FORBIDDEN',
        );
        expect(other['reason']).toBe('app_not_allowed');
        await expectFieldError(await post('/v1/tokens/rtc', { channel: 'c', uid: 3, app: 'no/such' }), 'app');
        await expectFieldError(await post('/v1/tokens/rtm', { userId: 'u', appId: 'xyz' }), 'appId');
      });
    });

    describe('other products: POST /v1/tokens/convoai, stt, apaas, fpa, rtm2', () => {
      const asProducts = (path: string, body: unknown) =>
        post(path, body, { 'X-API-Key': CONTRACT_PRODUCTS_API_KEY });
      it('403 product_not_allowed for a key without them in its scope', async () => {
        for (const [path, body] of [
          ['/v1/tokens/convoai', { channel: 'c', uid: 1001 }],
          ['/v1/tokens/stt', { channel: 'c', uid: 1002 }],
          ['/v1/tokens/apaas', { kind: 'user', userUuid: 'u' }],
          ['/v1/tokens/fpa', {}],
          ['/v1/tokens/rtm2', { userId: 'u' }],
        ] as const) {
          const problem = await expectProblem(await post(path, body), 403, 'ERR_FORBIDDEN');
          expect(problem['reason'], path).toBe('product_not_allowed');
        }
      });
      it("a ConvoAI agent's token: RTC + RTM for the agent's uid, and the ConvoAI service", async () => {
        const body = await expectTokenResponse(
          await asProducts('/v1/tokens/convoai', { channel: 'agent-room', uid: 1001, expiresIn: 900 }),
        );
        expect(body).toMatchObject({
          app: 'default',
          appId: APP_ID,
          channel: 'agent-room',
          uid: 1001,
          role: 'publisher',
          rtmUserId: '1001',
        });
        expect((body['expiresAt'] as number) - (body['issuedAt'] as number)).toBe(900);
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.expire).toBe(900);
        expect(t.services.map((s) => s.type)).toEqual([1, 2, 9]);
        expect(t.services[0]!.fields).toEqual(['agent-room', '1001']);
        expect(Object.keys(t.services[0]!.privileges).sort()).toEqual(['1', '2', '3', '4']);
        expect(t.services[1]).toEqual({ type: 2, privileges: { 1: 900 }, fields: ['1001'] });
      });
      it("a speech-to-text bot's token (subscriber unless asked), for an account", async () => {
        const body = await expectTokenResponse(
          await asProducts('/v1/tokens/stt', { channel: 'talk', account: 'stt-bot' }),
        );
        expect(body).toMatchObject({ account: 'stt-bot', role: 'subscriber', rtmUserId: 'stt-bot' });
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services.map((s) => s.type)).toEqual([1, 2, 10]);
        expect(t.services[0]!.fields).toEqual(['talk', 'stt-bot']);
        expect(Object.keys(t.services[0]!.privileges)).toEqual(['1']);
        await expectFieldError(await asProducts('/v1/tokens/stt', { channel: 'talk', uid: 0 }), 'uid');
      });
      it('APaaS room-user, user and app tokens', async () => {
        const room = await expectTokenResponse(
          await asProducts('/v1/tokens/apaas', {
            kind: 'room-user',
            roomUuid: 'r1',
            userUuid: 'u1',
            role: 2,
          }),
        );
        const tr = await readToken007(room['token'] as string, APP_CERTIFICATE);
        expect(tr.signatureValid).toBe(true);
        expect(tr.services.map((s) => s.type)).toEqual([2, 5, 7]);
        expect(tr.services[2]!.fields).toEqual(['r1', 'u1', '2']);
        expect(Object.keys(tr.services[2]!.privileges)).toEqual(['1']);
        const user = await expectTokenResponse(
          await asProducts('/v1/tokens/apaas', { kind: 'user', userUuid: 'u1' }),
        );
        const tu = await readToken007(user['token'] as string, APP_CERTIFICATE);
        expect(tu.services).toEqual([{ type: 7, privileges: { 2: 3600 }, fields: ['', 'u1', '-1'] }]);
        const app = await expectTokenResponse(await asProducts('/v1/tokens/apaas', { kind: 'app' }));
        const ta = await readToken007(app['token'] as string, APP_CERTIFICATE);
        expect(ta.services).toEqual([{ type: 7, privileges: { 3: 3600 }, fields: ['', '', '-1'] }]);
        await expectFieldError(
          await asProducts('/v1/tokens/apaas', { kind: 'room-user', userUuid: 'u' }),
          'roomUuid',
        );
      });
      it('an FPA token', async () => {
        const body = await expectTokenResponse(await asProducts('/v1/tokens/fpa', { expiresIn: 600 }));
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.expire).toBe(600);
        expect(t.services).toEqual([{ type: 4, privileges: { 1: 0 }, fields: [] }]);
      });
      it('an RTM 2 token with resource permissions', async () => {
        const permissions = { messageChannels: { read: ['lobby'], write: ['lobby', 'news'] } };
        const body = await expectTokenResponse(
          await asProducts('/v1/tokens/rtm2', { userId: 'ivy', permissions, expiresIn: 300 }),
        );
        expect(body).toMatchObject({ userId: 'ivy', permissions });
        const t = await readToken007(body['token'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.services).toEqual([
          {
            type: 8,
            privileges: { 1: 300 },
            fields: ['ivy'],
            permissions: { 0: { 0: ['lobby'], 1: ['lobby', 'news'] } },
          },
        ]);
        await expectFieldError(
          await asProducts('/v1/tokens/rtm2', { userId: 'ivy', permissions: { rooms: {} } }),
          'permissions.rooms',
        );
      });
      it('405 with Allow for another method on each', async () => {
        for (const path of TOKEN_ROUTES) {
          const res = await get(path);
          await expectProblem(res, 405, 'ERR_METHOD_NOT_ALLOWED');
          expect(res.headers.get('allow')).toContain('POST');
        }
      });
    });

    describe('POST /v1/tokens/inspect', () => {
      it('decodes a token and checks it against the deployment', async () => {
        const issued = await expectTokenResponse(await post('/v1/tokens/rtc', { channel: 'c', uid: 9 }));
        const body = await expectTokenResponse(await post('/v1/tokens/inspect', { token: issued['token'] }));
        expect(body).toMatchObject({
          version: '007',
          app: 'default',
          appId: APP_ID,
          signatureValid: true,
          certificate: 'current',
          expired: false,
        });
        expect(body['issueTs']).toBe(issued['issuedAt']);
      });
      it('says signatureValid false for a token signed with another certificate', async () => {
        // a token signed with another certificate (0123...cdef), issueTs 1111111111, expire 600
        const res = await post('/v1/tokens/inspect', { token: await foreignToken() });
        const body = await expectTokenResponse(res);
        expect(body['signatureValid']).toBe(false);
        expect(body['certificate']).toBeNull();
        expect(body['expired']).toBe(true);
      });
      it('400 naming token for a malformed token', async () => {
        await expectFieldError(await post('/v1/tokens/inspect', { token: '007notbase64!!' }), 'token');
        await expectFieldError(await post('/v1/tokens/inspect', { token: 'hello' }), 'token');
      });
    });

    describe('authentication (AUTH_MODE=api-key)', () => {
      it('401 with WWW-Authenticate without a key', async () => {
        const res = await send('/v1/tokens/rtc', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel: 'c', uid: 1 }),
        });
        await expectProblem(res, 401);
        expect(res.headers.get('www-authenticate')).toBeTruthy();
      });
      it('401 with a wrong key, and the key is not echoed', async () => {
        const res = await post(
          '/v1/tokens/rtc',
          { channel: 'c', uid: 1 },
          { 'X-API-Key': 'wrong-key-value-123' },
        );
        const body = await expectProblem(res, 401);
        expect(res.headers.get('www-authenticate')).toBeTruthy();
        expect(JSON.stringify(body)).not.toContain('wrong-key-value-123');
      });
      it('health, readiness and the document need no key', async () => {
        for (const p of ['/healthz', '/readyz', '/openapi.json']) expect((await send(p)).status).toBe(200);
      });
      it('the compatibility routes, /ping included, need the key like the token routes', async () => {
        await expectProblem(await send('/ping'), 401);
      });
      it('404 problem for an unknown path', async () => {
        await expectProblem(await get('/v2/nothing'), 404, 'ERR_NOT_FOUND');
      });
      it('no token without the key on any token route, whatever the spelling of the path or method', async () => {
        const json = { 'Content-Type': 'application/json' };
        const body = JSON.stringify({
          channel: 'c',
          uid: 1,
          userId: 'u',
          token: '007x',
          tokenType: 'rtc',
          kind: 'user',
          userUuid: 'u',
        });
        const attempts: [string, string][] = [];
        for (const p of [...TOKEN_ROUTES, '/v1/tokens/inspect', '/getToken']) {
          for (const v of [
            p,
            `${p}/`,
            `/${p}`,
            p.replace(/t/, '%74'),
            p.toUpperCase(),
            `${p}?x=1`,
            `${p}%2F`,
          ]) {
            attempts.push(['POST', v]);
          }
        }
        for (const p of [
          '/rtc/c/publisher/uid/1',
          '/rtm/u',
          '/rte/c/publisher/uid/1',
          '/chat/app',
          '/chat/account/u',
        ]) {
          for (const v of [p, `${p}/`, `/${p}`, p.replace(/t/, '%74')]) {
            attempts.push(['GET', v], ['HEAD', v]);
          }
        }
        for (const [method, path] of attempts) {
          const res = await send(path, method === 'POST' ? { method, headers: json, body } : { method });
          expect([401, 404, 405], `${method} ${path}`).toContain(res.status);
          if (method !== 'HEAD')
            expect(await res.text(), `${method} ${path}`).not.toMatch(/00[67][A-Za-z0-9+/=]{40,}/);
        }
      });
    });

    describe('CORS', () => {
      it('answers a preflight from an allowed origin', async () => {
        const res = await send('/v1/tokens/rtc', {
          method: 'OPTIONS',
          headers: {
            Origin: CONTRACT_ORIGIN,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type, x-api-key',
          },
        });
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(CONTRACT_ORIGIN);
        expect(res.headers.get('access-control-allow-methods')).toContain('POST');
        expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
        expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
      });
      it('refuses a preflight from another origin', async () => {
        const res = await send('/v1/tokens/rtc', {
          method: 'OPTIONS',
          headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
        });
        expect(res.status).toBe(403);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      });
      it('allows the origin on actual responses, not others', async () => {
        const ok = await post('/v1/tokens/rtc', { channel: 'c', uid: 1 }, { Origin: CONTRACT_ORIGIN });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('access-control-allow-origin')).toBe(CONTRACT_ORIGIN);
        expect(ok.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
        const other = await post(
          '/v1/tokens/rtc',
          { channel: 'c', uid: 1 },
          { Origin: 'https://evil.example' },
        );
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
      });
      it('every answer varies on Origin, also one to a request without Origin (caches key on it)', async () => {
        for (const res of [
          await send('/openapi.json'),
          await send('/healthz', { headers: { Origin: CONTRACT_ORIGIN } }),
          await post('/v1/tokens/rtm', { userId: 'u' }),
          await post('/v1/tokens/rtm', { userId: 'u' }, { Origin: 'https://evil.example' }),
        ]) {
          expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
        }
      });
    });

    describe('agora-token-service compatibility (COMPAT_ROUTES)', () => {
      it('GET /ping', async () => {
        const res = await get('/ping');
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ message: 'pong' });
      });
      it('GET /rtc/:channelName/:role/:tokenType/:rtcuid with ?expiry=', async () => {
        const res = await get('/rtc/compat-room/publisher/uid/77?expiry=900');
        const body = await expectTokenResponse(res);
        expect(Object.keys(body)).toEqual(['rtcToken']);
        const t = await readToken007(body['rtcToken'] as string, APP_CERTIFICATE);
        expect(t.signatureValid).toBe(true);
        expect(t.expire).toBe(900);
        expect(t.services[0]!.fields).toEqual(['compat-room', '77']);
        const account = await expectTokenResponse(await get('/rtc/compat-room/subscriber/userAccount/dave/'));
        const ta = await readToken007(account['rtcToken'] as string, APP_CERTIFICATE);
        expect(ta.services[0]!.fields).toEqual(['compat-room', 'dave']);
        expect(ta.expire).toBe(3600);
      });
      it('GET /rtm/:rtmuid', async () => {
        const body = await expectTokenResponse(await get('/rtm/erin?expiry=60'));
        expect(Object.keys(body)).toEqual(['rtmToken']);
        const t = await readToken007(body['rtmToken'] as string, APP_CERTIFICATE);
        expect(t.services).toEqual([{ type: 2, privileges: { 1: 60 }, fields: ['erin'] }]);
      });
      it('GET /rte/... gives both tokens (the RTM user defaults to the rtcuid)', async () => {
        const body = await expectTokenResponse(await get('/rte/both/publisher/uid/5'));
        expect(Object.keys(body).sort()).toEqual(['rtcToken', 'rtmToken']);
        const rtm = await readToken007(body['rtmToken'] as string, APP_CERTIFICATE);
        expect(rtm.services[0]!.fields).toEqual(['5']);
        const named = await expectTokenResponse(await get('/rte/both/publisher/uid/0/frank'));
        const rtm2 = await readToken007(named['rtmToken'] as string, APP_CERTIFICATE);
        expect(rtm2.services[0]!.fields).toEqual(['frank']);
        await expectProblem(await get('/rte/both/publisher/uid/0'), 400);
      });
      it('GET /chat/app and /chat/account/:chatid', async () => {
        const app = await expectTokenResponse(await get('/chat/app'));
        const ta = await readToken007(app['chatToken'] as string, APP_CERTIFICATE);
        expect(ta.services[0]).toMatchObject({ type: 5, fields: [''] });
        const user = await expectTokenResponse(await get('/chat/account/gina'));
        const tu = await readToken007(user['chatToken'] as string, APP_CERTIFICATE);
        expect(tu.services[0]).toMatchObject({ type: 5, fields: ['gina'] });
      });
      it('POST /getToken answers {"token"} as JSON', async () => {
        const res = await post('/getToken', {
          tokenType: 'rtc',
          channel: 'g',
          uid: '12',
          role: 'publisher',
          expire: 500,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toMatch(/no-store/);
        expect(res.headers.get('content-type')).toMatch(/^application\/json\b/);
        const { token } = (await res.json()) as { token: string };
        const t = await readToken007(token, APP_CERTIFICATE);
        expect(t.expire).toBe(500);
        expect(t.services[0]!.fields).toEqual(['g', '12']);
        const rtm = await post('/getToken', { tokenType: 'rtm', uid: 'hank' });
        const rtmToken = ((await rtm.json()) as { token: string }).token;
        expect((await readToken007(rtmToken, APP_CERTIFICATE)).services[0]!.fields).toEqual(['hank']);
      });
      it('rejects what is malformed, and needs the same auth', async () => {
        await expectFieldError(await get('/rtc/c/publisher/uid/notanumber'), 'rtcuid');
        await expectFieldError(await get('/rtc/c/publisher/nonsense/1'), 'tokenType');
        await expectFieldError(await get('/rtc/c/publisher/uid/1?expiry=soon'), 'expiry');
        await expectFieldError(await get('/rtm/0'), 'rtmuid');
        await expectFieldError(await post('/getToken', { tokenType: 'video' }), 'tokenType');
        const res = await send('/rtc/c/publisher/uid/1');
        await expectProblem(res, 401);
      });
    });
    afterAll(() => {
      if (exceptions.size > 0)
        throw new Error(`platformExceptions name no test: ${[...exceptions].join('; ')}`);
    });
  });
}

/** A 007 RTC token built with a different certificate, assembled here with Web Crypto and CompressionStream. */
async function foreignToken(): Promise<string> {
  const enc = new TextEncoder();
  const parts: number[] = [];
  const u16 = (n: number) => parts.push(n & 0xff, (n >> 8) & 0xff);
  const u32 = (n: number) => parts.push(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff);
  const str = (s: string) => {
    const b = enc.encode(s);
    u16(b.length);
    parts.push(...b);
  };
  str(APP_ID);
  u32(1111111111); // issueTs, long past
  u32(600); // expire
  u32(1234); // salt
  u16(1); // one service
  u16(1); // RTC
  u16(1); // one privilege
  u16(1);
  u32(600);
  str('c');
  str('9');
  const signingInfo = new Uint8Array(parts);
  const key = async (k: Uint8Array, m: Uint8Array) => {
    const ck = await crypto.subtle.importKey(
      'raw',
      k as BufferSource,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new Uint8Array(await crypto.subtle.sign('HMAC', ck, m as BufferSource));
  };
  const le = (n: number) => new Uint8Array([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]);
  const k1 = await key(le(1111111111), enc.encode('0123456789abcdef0123456789abcdef'));
  const k2 = await key(le(1234), k1);
  const sig = await key(k2, signingInfo);
  const content = new Uint8Array(2 + sig.length + signingInfo.length);
  content.set([sig.length & 0xff, sig.length >> 8]);
  content.set(sig, 2);
  content.set(signingInfo, 2 + sig.length);
  const z = new Blob([content as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(z).arrayBuffer());
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `007${btoa(bin)}`;
}
