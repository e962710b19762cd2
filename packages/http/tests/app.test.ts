// Unit tests of createApp: every route, every error, headers, CORS, credentials, rate limiting, logging.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { decodeToken, verifyToken } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { CredentialSource } from '../src/index.js';
import { CredentialsUnavailableError, staticCredentials } from '../src/index.js';
import { APP_ID, CERT, harness, NOW_S, OPEN_ENV } from './support/app-harness.js';

const API_KEY = 'unit-test-api-key-7d41';
const API_KEY_HASH = createHash('sha256').update(API_KEY).digest('hex');
const logs = new LogCapture();
const secrets = new SecretSet();
secrets.add(CERT, API_KEY);

afterAll(() => {
  // log hygiene over every line this file made the app write
  expect(logs.lines.length).toBeGreaterThan(40);
  expectCleanLogs(logs.lines, secrets);
});

const open = (extra: Record<string, string> = {}, o: Parameters<typeof harness>[1] = {}) =>
  harness({ ...OPEN_ENV, ...extra }, { logs, ...o });

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  secrets.addTokensFrom(body);
  return body;
}

async function fieldErrors(res: Response): Promise<string[]> {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(res);
  return (body['errors'] as { path: string }[]).map((e) => e.path);
}

describe('POST /v1/tokens/rtc', () => {
  it('issues a token with the injected clock and salt, signed with the certificate', async () => {
    const res = await open().post('/v1/tokens/rtc', {
      channel: 'room',
      uid: 99,
      role: 'publisher',
      expiresIn: 900,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await json(res);
    expect(body).toEqual({
      token: expect.stringMatching(/^007/),
      app: 'default',
      appId: APP_ID,
      channel: 'room',
      uid: 99,
      role: 'publisher',
      issuedAt: NOW_S,
      expiresAt: NOW_S + 900,
    });
    const token = body['token'] as string;
    expect(verifyToken(token, CERT)).toBe(true);
    const d = decodeToken(token);
    expect(d).toMatchObject({ version: '007', issueTs: NOW_S, expire: 900, salt: 424242 });
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services[0]).toMatchObject({ name: 'rtc', channelName: 'room', uid: '99' });
    expect(d.services[0]!.privileges).toEqual({ 1: 900, 2: 900, 3: 900, 4: 900 });
  });

  it('applies DEFAULT_EXPIRES_IN and MAX_EXPIRES_IN', async () => {
    const h = open({ DEFAULT_EXPIRES_IN: '600', MAX_EXPIRES_IN: '1000' });
    const body = await json(await h.post('/v1/tokens/rtc', { channel: 'c', account: 'acc' }));
    expect(body['expiresAt']).toBe(NOW_S + 600);
    expect(body).toMatchObject({ account: 'acc', role: 'subscriber' });
    expect(
      await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, expiresIn: 1001 })),
    ).toEqual(['expiresIn']);
    expect((await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, expiresIn: 1000 })).status).toBe(200);
  });

  it('passes custom privileges and refuses ones longer than the token', async () => {
    const h = open();
    const body = await json(
      await h.post('/v1/tokens/rtc', {
        channel: 'c',
        uid: 5,
        role: 'publisher',
        expiresIn: 600,
        privileges: { join: 600, publishAudio: 60 },
      }),
    );
    const d = decodeToken(body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services[0]!.privileges).toMatchObject({ 1: 600, 2: 60 });
    expect(
      await fieldErrors(
        await h.post('/v1/tokens/rtc', { channel: 'c', uid: 5, expiresIn: 60, privileges: { join: 61 } }),
      ),
    ).toEqual(['privileges.join']);
    expect(
      await fieldErrors(
        await h.post('/v1/tokens/rtc', { channel: 'c', uid: 5, privileges: { join: 1, owner: 1 } }),
      ),
    ).toEqual(['privileges.owner']);
    // the token library refuses publish privileges for a subscriber, naming the field
    expect(
      await fieldErrors(
        await h.post('/v1/tokens/rtc', { channel: 'c', uid: 5, privileges: { publishVideo: 10 } }),
      ),
    ).toEqual(['privileges.publishVideo']);
  });

  it('adds RTM with rtm: {userId} and refuses rtm: true for uid 0', async () => {
    const h = open();
    const body = await json(
      await h.post('/v1/tokens/rtc', { channel: 'c', uid: 3, rtm: { userId: 'rtm-user' } }),
    );
    expect(body['rtmUserId']).toBe('rtm-user');
    const d = decodeToken(body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services.map((s) => s.name)).toEqual(['rtc', 'rtm']);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 0, rtm: true }))).toEqual([
      'rtm',
    ]);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, rtm: false }))).toEqual([
      'rtm',
    ]);
    expect(
      await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, rtm: { userId: ' x' } })),
    ).toEqual(['rtm.userId']);
  });

  it('400 naming each malformed field', async () => {
    const h = open();
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: '7' }))).toEqual(['uid']);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'a*b', uid: 7 }))).toEqual([
      'channel',
    ]);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 7, extra: 1 }))).toEqual([
      'extra',
    ]);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: ['c'], uid: 7 }))).toEqual([
      'channel',
    ]);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: -1 }))).toEqual(['uid']);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', account: 'a/b' }))).toEqual([
      'account',
    ]);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, account: 'a' }))).toEqual(
      ['account'],
    );
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', { uid: 1 }))).toEqual(['channel']);
    expect(
      await fieldErrors(await h.post('/v1/tokens/rtc', '{"channel":"c","__proto__":{"x":1},"uid":1}')),
    ).toEqual(['__proto__']);
  });

  it('a body of many unknown fields gets a small answer (the first ten are named, then how many more)', async () => {
    const h = open();
    const keys = Array.from({ length: 600 }, (_, i) => `"${'k'.repeat(4)}${i}":0`).join(',');
    const body = `{"channel":"c","uid":1,${keys}}`;
    expect(body.length).toBeLessThan(8192);
    const res = await h.post('/v1/tokens/rtc', body);
    const text = await res.clone().text();
    expect(await fieldErrors(res)).toEqual([...Array.from({ length: 10 }, (_, i) => `kkkk${i}`), '']);
    expect(text).toContain('and 590 more unknown fields');
    expect(text.length).toBeLessThan(2048);
  });

  it('400 for malformed JSON and for JSON that is not an object', async () => {
    const h = open();
    for (const raw of ['', '{', '{"a":1}}', 'nul', '"str"', '42', '[]', 'null']) {
      const res = await h.post('/v1/tokens/rtc', raw);
      expect(res.status, raw).toBe(400);
      const body = await json(res);
      expect(['ERR_INVALID_JSON', 'ERR_INVALID_FIELDS']).toContain(body['code']);
    }
    const bad = await h.call('/v1/tokens/rtc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect((await json(bad))['code']).toBe('ERR_INVALID_JSON');
  });

  it('tells a body that is not UTF-8 from one that holds an encoded U+FFFD', async () => {
    const h = open();
    const post = (body: Uint8Array<ArrayBuffer>) =>
      h.call('/v1/tokens/rtc', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const utf8 = (s: string) => new TextEncoder().encode(s);
    // a U+FFFD (EF BF BD) next to a byte that is not UTF-8: refused as not UTF-8
    const malformed = new Uint8Array([
      ...utf8('{"channel":"c","uid":1,"'),
      0xef,
      0xbf,
      0xbd,
      0xff,
      ...utf8('":1}'),
    ]);
    const refused = await json(await post(malformed));
    expect(refused['code']).toBe('ERR_INVALID_JSON');
    expect(refused['detail']).toBe('The request body is not valid UTF-8.');
    // a well-formed U+FFFD is text like any other: the body is read, and its unknown field reported
    // (the answer shows a field name's characters outside printable ASCII as '?')
    const res = await post(utf8('{"channel":"c","uid":1,"\uFFFD":1}'));
    expect(await fieldErrors(res)).toEqual(['?']);
  });

  it('415 when the body is not declared as JSON; +json types are accepted', async () => {
    const h = open();
    for (const type of [
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await h.call('/v1/tokens/rtc', {
        method: 'POST',
        headers,
        body: '{"channel":"c","uid":1}',
      });
      expect(res.status, String(type)).toBe(415);
      expect((await json(res))['code']).toBe('ERR_UNSUPPORTED_MEDIA_TYPE');
    }
    const ok = await h.post(
      '/v1/tokens/rtc',
      { channel: 'c', uid: 1 },
      { 'content-type': 'application/merge+json; charset=utf-8' },
    );
    expect(ok.status).toBe(200);
  });

  it('413 above 8 KiB: by Content-Length, and by the bytes of a stream without one', async () => {
    const h = open();
    const big = JSON.stringify({ channel: 'c', uid: 1, pad: 'x'.repeat(8200) });
    expect((await h.post('/v1/tokens/rtc', big)).status).toBe(413);
    // exactly at the limit is read (and then rejected for the unknown field, not for size)
    const atLimit = JSON.stringify({ channel: 'c', uid: 1, pad: '' });
    const padded = atLimit.replace('"pad":""', `"pad":"${'x'.repeat(8192 - atLimit.length)}"`);
    expect(new TextEncoder().encode(padded).length).toBe(8192);
    expect(await fieldErrors(await h.post('/v1/tokens/rtc', padded))).toEqual(['pad']);

    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode(pulled === 1 ? '{"channel":"' : 'x'.repeat(1000)));
      },
    });
    const res = await h.call('/v1/tokens/rtc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await json(res))['code']).toBe('ERR_BODY_TOO_LARGE');
    expect(pulled).toBeLessThan(20); // stopped reading soon after 8 KiB
  });
});

describe('POST /v1/tokens/rtm, /chat, /inspect', () => {
  it('rtm', async () => {
    const body = await json(await open().post('/v1/tokens/rtm', { userId: 'u1', expiresIn: 100 }));
    expect(body).toEqual({
      token: expect.any(String),
      app: 'default',
      appId: APP_ID,
      userId: 'u1',
      issuedAt: NOW_S,
      expiresAt: NOW_S + 100,
    });
    const d = decodeToken(body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services).toEqual([{ type: 2, name: 'rtm', userId: 'u1', privileges: { 1: 100 } }]);
  });
  it('user ids with control characters are refused, on v1 and compat routes', async () => {
    const h = open({ COMPAT_ROUTES: 'agora-token-service' });
    expect(await fieldErrors(await h.post('/v1/tokens/rtm', { userId: 'a\u0000b' }))).toEqual(['userId']);
    expect(await fieldErrors(await h.post('/v1/tokens/chat', { userId: 'a\nb' }))).toEqual(['userId']);
    expect(
      await fieldErrors(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, rtm: { userId: 'x\u001b' } })),
    ).toEqual(['rtm.userId']);
    expect(await fieldErrors(await h.call('/rtm/%00'))).toEqual(['userId']);
    expect(await fieldErrors(await h.call('/chat/account/a%0Ab'))).toEqual(['userId']);
    // a percent sign that is no escape is just a character
    expect((await h.call('/rtm/100%')).status).toBe(200);
    // C1 controls (NEL) too
    expect(await fieldErrors(await h.post('/v1/tokens/rtm', { userId: 'a\u0085b' }))).toEqual(['userId']);
    expect(await fieldErrors(await h.call('/chat/account/a%C2%85b'))).toEqual(['userId']);
  });

  it('user ids with a lone surrogate are refused: they would all be signed as the same U+FFFD', async () => {
    const h = open({ COMPAT_ROUTES: 'agora-token-service' });
    for (const raw of ['"\\ud800"', '"a\\udc00"', '"\\udbff\\udbff"']) {
      expect(await fieldErrors(await h.post('/v1/tokens/rtm', `{"userId":${raw}}`)), raw).toEqual(['userId']);
      expect(await fieldErrors(await h.post('/v1/tokens/chat', `{"userId":${raw}}`)), raw).toEqual([
        'userId',
      ]);
      expect(
        await fieldErrors(await h.post('/v1/tokens/rtc', `{"channel":"c","uid":1,"rtm":{"userId":${raw}}}`)),
        raw,
      ).toEqual(['rtm.userId']);
    }
    // a pair is one character and fine
    const ok = await json(await h.post('/v1/tokens/rtm', { userId: 'a\u{1F600}' }));
    expect(ok['userId']).toBe('a\u{1F600}');
  });

  it('chat user and app tokens', async () => {
    const h = open();
    const user = await json(await h.post('/v1/tokens/chat', { userId: 'u2' }));
    expect(user['userId']).toBe('u2');
    const app = await json(await h.post('/v1/tokens/chat', {}));
    expect(app).toEqual({
      token: expect.any(String),
      app: 'default',
      appId: APP_ID,
      issuedAt: NOW_S,
      expiresAt: NOW_S + 3600,
    });
    const d = decodeToken(app['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services[0]).toMatchObject({ name: 'chat', userId: '', privileges: { 2: 3600 } });
  });
  it('inspect cannot be made to amplify: a small token that inflates or decodes large is a 400', async () => {
    const h = open();
    const le = (bytes: number, v: number) => {
      const b = Buffer.alloc(bytes);
      if (bytes === 2) b.writeUInt16LE(v);
      else b.writeUInt32LE(v);
      return b;
    };
    const str = (t: string) => Buffer.concat([le(2, Buffer.byteLength(t)), Buffer.from(t)]);
    const token = (payload: Buffer) => `007${deflateSync(payload, { level: 9 }).toString('base64')}`;
    // 1. inflates to 200 KB (the library would take up to 1 MiB): refused before anything is decoded
    const bomb = token(Buffer.concat([str('x'.repeat(32)), Buffer.alloc(200_000)]));
    expect(bomb.length).toBeLessThan(4096);
    const r1 = await h.post('/v1/tokens/inspect', { token: bomb });
    expect(r1.status).toBe(400);
    expect(JSON.stringify(await r1.json())).toContain('no real token is this large');
    // 2. inflates to under 16 KiB but is 2,000 empty RTC services: its JSON would be far larger
    const service = Buffer.concat([le(2, 1), le(2, 0), str(''), str('')]);
    const many = token(
      Buffer.concat([
        str('s'.repeat(32)),
        str(APP_ID),
        le(4, NOW_S),
        le(4, 600),
        le(4, 1),
        le(2, 2000),
        ...Array.from({ length: 2000 }, () => service),
      ]),
    );
    expect(many.length).toBeLessThan(4096);
    const r2 = await h.post('/v1/tokens/inspect', { token: many });
    expect(r2.status).toBe(400);
    const text = await r2.text();
    expect(text).toContain('bytes of JSON');
    expect(text.length).toBeLessThan(2000);
  });
  it('inspect: valid, foreign certificate, expired, malformed, and 006 with context', async () => {
    const h = open();
    const issued = await json(await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, expiresIn: 60 }));
    const ok = await json(await h.post('/v1/tokens/inspect', { token: issued['token'] }));
    expect(ok).toMatchObject({
      version: '007',
      signatureValid: true,
      expired: false,
      appIdMatches: true,
      expiresAt: NOW_S + 60,
    });
    // the same token seen by a deployment with another certificate, 61 s later
    const other = harness(OPEN_ENV, {
      logs,
      credentials: staticCredentials({ appId: APP_ID, appCertificate: '0123456789abcdef0123456789abcdef' }),
      clock: () => (NOW_S + 61) * 1000,
    });
    expect(await json(await other.post('/v1/tokens/inspect', { token: issued['token'] }))).toMatchObject({
      signatureValid: false,
      expired: true,
    });
    expect(await fieldErrors(await h.post('/v1/tokens/inspect', { token: '007AAAA' }))).toEqual(['token']);
    expect(await fieldErrors(await h.post('/v1/tokens/inspect', {}))).toEqual(['token']);

    const { RtcTokenBuilder, RtcRole } = (await import('agora-access-token')).default;
    const legacy = RtcTokenBuilder.buildTokenWithUid(APP_ID, CERT, 'old', 12, RtcRole.PUBLISHER, NOW_S + 100);
    secrets.add(legacy);
    const without = await json(await h.post('/v1/tokens/inspect', { token: legacy }));
    expect(without).toMatchObject({ version: '006', signatureValid: null, expired: false });
    const withCtx = await json(
      await h.post('/v1/tokens/inspect', { token: legacy, channel: 'old', uid: 12 }),
    );
    expect(withCtx['signatureValid']).toBe(true);
    const wrongCtx = await json(
      await h.post('/v1/tokens/inspect', { token: legacy, channel: 'old', uid: 13 }),
    );
    expect(wrongCtx['signatureValid']).toBe(false);
  });
});

describe('routing, headers, CORS', () => {
  it('404 and 405 as problems; HEAD on GET routes', async () => {
    const h = open();
    const nf = await h.call('/nope/deeper');
    expect(nf.status).toBe(404);
    expect((await json(nf))['code']).toBe('ERR_NOT_FOUND');
    const m = await h.call('/v1/tokens/chat', { method: 'PUT', body: '{}' });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('POST');
    const g = await h.call('/healthz', { method: 'POST' });
    expect(g.status).toBe(405);
    expect(g.headers.get('allow')).toBe('GET, HEAD');
    const head = await h.call('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('an X-Request-Id on every response, the incoming one kept when well-formed', async () => {
    const h = open();
    const seen = new Set<string>();
    for (const r of [
      await h.call('/healthz'),
      await h.call('/nope'),
      await h.post('/v1/tokens/rtc', '{'),
      await h.call('/v1/tokens/rtc', {
        method: 'OPTIONS',
        headers: { origin: 'https://x.test', 'access-control-request-method': 'POST' },
      }),
    ]) {
      const id = r.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      seen.add(id!);
    }
    expect(seen.size).toBe(4);
    expect(
      (await h.call('/healthz', { headers: { 'x-request-id': 'req:1.2_3-4' } })).headers.get('x-request-id'),
    ).toBe('req:1.2_3-4');
    const long = 'a'.repeat(129);
    expect(
      (await h.call('/healthz', { headers: { 'x-request-id': long } })).headers.get('x-request-id'),
    ).not.toBe(long);
  });

  it('no CORS headers and preflights refused without CORS_ALLOW_ORIGINS', async () => {
    const h = open();
    const r = await h.call('/healthz', { headers: { origin: 'https://a.test' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const p = await h.call('/v1/tokens/rtc', {
      method: 'OPTIONS',
      headers: { origin: 'https://a.test', 'access-control-request-method': 'POST' },
    });
    expect(p.status).toBe(403);
    expect((await json(p))['code']).toBe('ERR_CORS_ORIGIN_NOT_ALLOWED');
  });

  it('CORS with a wildcard only when configured; an OPTIONS that is no preflight is a 405', async () => {
    const h = open({ CORS_ALLOW_ORIGINS: '*' });
    const r = await h.call('/healthz', { headers: { origin: 'https://any.test' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const p = await h.call('/v1/tokens/rtc', {
      method: 'OPTIONS',
      headers: { origin: 'https://any.test', 'access-control-request-method': 'POST' },
    });
    expect(p.status).toBe(204);
    expect((await h.call('/v1/tokens/rtc', { method: 'OPTIONS' })).status).toBe(405);
  });

  it('with CORS configured, every answer varies on Origin, also one to a request without Origin', async () => {
    const h = open({ CORS_ALLOW_ORIGINS: 'https://app.test' });
    // /openapi.json may be cached (public, max-age): a cache must not serve the copy fetched without
    // Origin (no Access-Control-Allow-Origin) to the browser app, or one origin's copy to another
    const variants: Record<string, string>[] = [
      {},
      { origin: 'https://app.test' },
      { origin: 'https://other.test' },
    ];
    for (const headers of variants) {
      for (const path of ['/openapi.json', '/healthz', '/nope']) {
        const r = await h.call(path, { headers });
        expect(r.headers.get('vary'), `${path} ${JSON.stringify(headers)}`).toBe('Origin');
      }
    }
    const allowed = await h.call('/openapi.json', { headers: { origin: 'https://app.test' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.test');
    const other = await h.call('/openapi.json', { headers: { origin: 'https://other.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // without CORS configured nothing depends on Origin
    expect(
      (await open().call('/openapi.json', { headers: { origin: 'https://app.test' } })).headers.get('vary'),
    ).toBeNull();
  });

  it('compatibility routes only with COMPAT_ROUTES', async () => {
    expect((await open().call('/ping')).status).toBe(404);
    expect((await open({ COMPAT_ROUTES: 'agora-token-service' }).call('/ping/')).status).toBe(200);
  });

  it('GET /openapi.json lists the compat routes only when enabled', async () => {
    const a = await json(await open().call('/openapi.json'));
    expect(Object.keys(a['paths'] as object)).not.toContain('/ping');
    const b = await json(await open({ COMPAT_ROUTES: 'agora-token-service' }).call('/openapi.json'));
    expect(Object.keys(b['paths'] as object)).toContain('/getToken');
    expect(a['security']).toEqual([]);
    const k = await json(
      await harness({ AUTH_MODE: 'api-key', API_KEY_HASHES: API_KEY_HASH }, { logs }).call('/openapi.json'),
    );
    expect(k['security']).toEqual([{ apiKey: [] }]);
    const g = await json(await harness({ AUTH_MODE: 'gateway' }, { logs }).call('/openapi.json'));
    expect(g['security']).toEqual([{ bearer: [] }]);
  });
});

describe('credentials', () => {
  function counting(inner: CredentialSource): CredentialSource & { calls: number } {
    const s = {
      calls: 0,
      get() {
        s.calls++;
        return inner.get();
      },
    };
    return s;
  }
  const failing: CredentialSource = {
    get: () => Promise.reject(new CredentialsUnavailableError('ERR_CREDENTIALS_UNAVAILABLE', 'store down')),
  };

  it('/healthz touches no secret; /readyz does', async () => {
    const src = counting(staticCredentials({ appId: APP_ID, appCertificate: CERT }));
    const h = open({}, { credentials: src });
    expect(await json(await h.call('/healthz'))).toEqual({ status: 'ok' });
    expect(src.calls).toBe(0);
    expect(await json(await h.call('/readyz'))).toEqual({ status: 'ready' });
    expect(src.calls).toBe(1);
  });

  it('503 with Retry-After when credentials are unavailable, on /readyz and token routes', async () => {
    const h = open({}, { credentials: failing });
    for (const res of [await h.call('/readyz'), await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1 })]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await json(res))['code']).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    }
    expect((await h.call('/healthz')).status).toBe(200);
  });

  it('any failure of a source is a 503, and a source answering garbage signs nothing', async () => {
    const throwsPlain = open(
      {},
      { credentials: { get: () => Promise.reject(new TypeError('socket hang up')) } },
    );
    const res = await throwsPlain.post('/v1/tokens/rtm', { userId: 'u' });
    expect(res.status).toBe(503);
    expect((await json(res))['code']).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    const garbage = open({}, { credentials: { get: async () => ({ appId: 'x', appCertificate: '' }) } });
    const g = await garbage.post('/v1/tokens/rtm', { userId: 'u' });
    expect(g.status).toBe(503);
    expect((await json(g))['code']).toBe('ERR_CREDENTIALS_MALFORMED');
    expect((await garbage.call('/readyz')).status).toBe(503);
  });

  it('malformed credentials: a clear 503 and a clear log line, never a token', async () => {
    const own = new LogCapture();
    const h = harness(OPEN_ENV, {
      logs: own,
      credentials: staticCredentials({ appId: APP_ID, appCertificate: 'not-a-certificate-zzzzzzzzzzzzzz' }),
    });
    const res = await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1 });
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body['code']).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(JSON.stringify(body)).not.toContain('not-a-certificate');
    const line = own.entries().find((e) => e['message'] === 'credentials unavailable');
    expect(line).toMatchObject({ level: 'ERROR', code: 'ERR_CREDENTIALS_MALFORMED' });
    expect(String(line?.['reason'])).toMatch(/appCertificate is not 32 hexadecimal/);
    expect(own.lines.join('\n')).not.toContain('not-a-certificate');
  });

  it('an unexpected failure is a 500 that says nothing internal', async () => {
    const own = new LogCapture();
    const h = harness(OPEN_ENV, {
      logs: own,
      clock: () => {
        throw new RangeError('internal detail /srv/secret/path');
      },
    });
    const res = await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1 });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('internal detail');
    expect(text).not.toContain('RangeError');
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'ERR_INTERNAL' });
    expect(own.entries().find((e) => e['message'] === 'unexpected error')).toMatchObject({
      error: 'RangeError',
    });
  });
});

describe('authentication modes', () => {
  const keyEnv = { AUTH_MODE: 'api-key', API_KEY_HASHES: `${'0'.repeat(64)},${API_KEY_HASH.toUpperCase()}` };

  it('api-key: the right key passes, a wrong or missing one is a 401 with WWW-Authenticate', async () => {
    const h = harness(keyEnv, { logs });
    const ok = await h.post('/v1/tokens/rtm', { userId: 'u' }, { 'x-api-key': API_KEY });
    expect(ok.status).toBe(200);
    const cases: Record<string, string>[] = [
      {},
      { 'x-api-key': 'wrong' },
      { 'x-api-key': `${API_KEY}x` },
      { 'x-api-key': 'k'.repeat(600) },
      { 'x-api-key': '' },
      { 'x-api-key': '   ' },
      { 'x-api-key': API_KEY.slice(0, -1) },
      { authorization: `Bearer ${API_KEY}` }, // the key in another header is no key
    ];
    for (const headers of cases) {
      const res = await h.post('/v1/tokens/rtm', { userId: 'u' }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^ApiKey realm="tokenfn"/);
    }
    // surrounding whitespace is not part of a header value (RFC 9110), so it is no other key
    expect((await h.post('/v1/tokens/rtm', { userId: 'u' }, { 'x-api-key': ` ${API_KEY}\t` })).status).toBe(
      200,
    );
    // open routes stay open
    expect((await h.call('/readyz')).status).toBe(200);
  });

  it('api-key: the log subject is a prefix of the key hash, never the key', async () => {
    const own = new LogCapture();
    const h = harness(keyEnv, { logs: own });
    await h.post('/v1/tokens/rtm', { userId: 'u' }, { 'x-api-key': API_KEY });
    const line = own.entries().find((e) => e['message'] === 'request');
    expect(line?.['subject']).toBe(`api-key:${API_KEY_HASH.slice(0, 12)}`);
    expect(own.lines.join('')).not.toContain(API_KEY);
  });

  it('gateway: identity from the adapter; none passed is a 401', async () => {
    const h = harness({ AUTH_MODE: 'gateway' }, { logs });
    expect((await h.post('/v1/tokens/rtm', { userId: 'u' })).status).toBe(401);
    const res = await h.post(
      '/v1/tokens/rtm',
      { userId: 'u' },
      {},
      { sub: 'user-1', claims: { sub: 'user-1' } },
    );
    expect(res.status).toBe(200);
  });

  it('none: everyone, with ALLOW_UNAUTHENTICATED', async () => {
    expect((await open().post('/v1/tokens/rtm', { userId: 'u' })).status).toBe(200);
  });
});

describe('rate limiting', () => {
  it('429 with Retry-After, keyed by the SHA-256 of the API key', async () => {
    const keys: string[] = [];
    const h = harness(
      { AUTH_MODE: 'api-key', API_KEY_HASHES: API_KEY_HASH },
      {
        logs,
        rateLimiter: {
          async limit(key) {
            keys.push(key);
            return keys.length > 2 ? { success: false, retryAfterSeconds: 7.2 } : { success: true };
          },
        },
      },
    );
    const send = () => h.post('/v1/tokens/rtm', { userId: 'u' }, { 'x-api-key': API_KEY });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('8');
    expect((await json(limited))['code']).toBe('ERR_RATE_LIMITED');
    expect(keys).toEqual([`api-key:${API_KEY_HASH}`, `api-key:${API_KEY_HASH}`, `api-key:${API_KEY_HASH}`]);
    // unauthenticated requests are rejected before they count; health is not limited
    expect((await h.post('/v1/tokens/rtm', { userId: 'u' })).status).toBe(401);
    expect((await h.call('/healthz')).status).toBe(200);
    expect(keys).toHaveLength(3);
  });

  it('Retry-After is whole seconds from 1 to a day, whatever figure the limiter gives', async () => {
    for (const [given, header] of [
      [Number.NaN, '1'],
      [Number.POSITIVE_INFINITY, '1'],
      [-5, '1'],
      [0.2, '1'],
      [1e12, '86400'],
      [undefined, '1'],
    ] as const) {
      const h = harness(OPEN_ENV, {
        logs,
        rateLimiter: { limit: async () => ({ success: false, retryAfterSeconds: given as number }) },
      });
      const limited = await h.post('/v1/tokens/rtm', { userId: 'u' });
      expect(limited.status, String(given)).toBe(429);
      expect(limited.headers.get('retry-after'), String(given)).toBe(header);
      expect((await json(limited))['detail']).toBe(`Too many requests; retry after ${header} s.`);
    }
  });

  it('a failing limiter lets requests through and says so in the log', async () => {
    const own = new LogCapture();
    const h = harness(OPEN_ENV, {
      logs: own,
      rateLimiter: { limit: () => Promise.reject(new Error('limiter down')) },
    });
    expect((await h.post('/v1/tokens/rtm', { userId: 'u' })).status).toBe(200);
    expect(own.entries().some((e) => e['message'] === 'rate limiter failed; request allowed')).toBe(true);
  });
});

describe('request log', () => {
  it('one JSON line per request with route, status, latency, token type and channel', async () => {
    const own = new LogCapture();
    const h = harness({ AUTH_MODE: 'gateway' }, { logs: own });
    await h.post(
      '/v1/tokens/rtc',
      { channel: 'log-room', uid: 1 },
      { 'x-request-id': 'rid-1' },
      { sub: 'sub-9', claims: {} },
    );
    await h.call('/nope');
    await h.post('/v1/tokens/rtc', '{');
    const requests = own.entries().filter((e) => e['message'] === 'request');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      level: 'INFO',
      requestId: 'rid-1',
      method: 'POST',
      route: '/v1/tokens/rtc',
      status: 200,
      subject: 'sub-9',
      tokenType: 'rtc',
      channel: 'log-room',
    });
    expect(typeof requests[0]!['latencyMs']).toBe('number');
    expect(typeof requests[0]!['timestamp']).toBe('string');
    expect(requests[1]).toMatchObject({ route: null, status: 404, code: 'ERR_NOT_FOUND' });
    expect(requests[2]).toMatchObject({ status: 401, code: 'ERR_UNAUTHENTICATED' });
    for (const e of requests) expect(Object.keys(e)).not.toContain('token');
  });

  it("a 403's line says the denial reason, as the answer does", async () => {
    const own = new LogCapture();
    const h = harness({ AUTH_MODE: 'gateway', JWT_CHANNELS_CLAIM: 'channels' }, { logs: own });
    const res = await h.post(
      '/v1/tokens/rtc',
      { channel: 'payroll', uid: 1 },
      {},
      { sub: 's', claims: { channels: ['lobby'] } },
    );
    expect(res.status).toBe(403);
    const body = (await res.json()) as Record<string, unknown>;
    const line = own.entries().find((e) => e['message'] === 'request');
    expect(line).toMatchObject({ status: 403, code: 'ERR_FORBIDDEN', reason: body['reason'] });
    expect(typeof body['reason']).toBe('string');
  });
});

describe('log hygiene on compatibility routes', () => {
  it('a path segment that is no valid channel never reaches the log', async () => {
    const own = new LogCapture();
    const h = harness({ ...OPEN_ENV, COMPAT_ROUTES: 'agora-token-service' }, { logs: own });
    const issued = (await (await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1 })).json()) as {
      token: string;
    };
    secrets.add(issued.token);
    // a token pasted where a channel goes: 400, and the log line has no channel
    const res = await h.call(`/rtc/${encodeURIComponent(issued.token)}/publisher/uid/1`);
    expect(res.status).toBe(400);
    const res2 = await h.post('/getToken', { tokenType: 'rtc', channel: issued.token, uid: '1' });
    expect(res2.status).toBe(400);
    expect(own.lines.join('\n')).not.toContain(issued.token);
    const ok = await h.call('/rtc/fine/publisher/uid/1');
    expect(ok.status).toBe(200);
    expect(own.entries().at(-1)).toMatchObject({
      route: '/rtc/:channelName/:role/:tokenType/:rtcuid',
      channel: 'fine',
    });
  });
});

describe('GET /rte/..., the RTM user it defaults to', () => {
  const h = harness({ ...OPEN_ENV, COMPAT_ROUTES: 'agora-token-service' }, { logs });
  const services = async (res: Response) => {
    const body = await json(res);
    expect(res.status).toBe(200);
    return [body['rtcToken'], body['rtmToken']].map((t) => {
      const d = decodeToken(t as string);
      if (d.version !== '007') throw new Error('unreachable');
      return d.services[0] as { uid?: string; userId?: string };
    });
  };
  it('is the uid as the number it was read as: "007" is uid 7 and RTM user 7', async () => {
    const [rtc, rtm] = await services(await h.call('/rte/c/publisher/uid/007'));
    expect(rtc!.uid).toBe('7');
    expect(rtm!.userId).toBe('7');
  });
  it('is none for uid 0 however it is spelt ("0", "00"): uid 0 is any uid, no RTM user', async () => {
    for (const rtcuid of ['0', '00', '000']) {
      expect(await fieldErrors(await h.call(`/rte/c/publisher/uid/${rtcuid}`)), rtcuid).toEqual(['rtmuid']);
    }
    // named, the RTM user is what it says
    const [rtc, rtm] = await services(await h.call('/rte/c/publisher/uid/00/frank'));
    expect(rtc!.uid).toBe('');
    expect(rtm!.userId).toBe('frank');
  });
});

describe('compatibility routes: a lifetime over MAX_EXPIRES_IN is refused under the name it was sent as', () => {
  const h = harness({ ...OPEN_ENV, COMPAT_ROUTES: 'agora-token-service', MAX_EXPIRES_IN: '600' }, { logs });
  it('?expiry= on the GET routes, expire on POST /getToken (neither is called expiresIn there)', async () => {
    for (const path of ['/rtm/u', '/rtc/c/publisher/uid/1', '/rte/c/publisher/uid/1', '/chat/app']) {
      expect(await fieldErrors(await h.call(`${path}?expiry=601`)), path).toEqual(['expiry']);
      const ok = await h.call(`${path}?expiry=600`);
      expect(ok.status, path).toBe(200);
      await json(ok);
    }
    expect(await fieldErrors(await h.post('/getToken', { tokenType: 'rtm', uid: 'u', expire: 601 }))).toEqual(
      ['expire'],
    );
    expect((await h.post('/getToken', { tokenType: 'rtm', uid: 'u', expire: 600 })).status).toBe(200);
  });
});

describe('POST /getToken, as agora-token-service answers it', () => {
  const h = harness({ ...OPEN_ENV, COMPAT_ROUTES: 'agora-token-service' });
  it('answers {"token"} as JSON, not cached, for rtc (uid or account), rtm and chat', async () => {
    for (const ask of [
      { tokenType: 'rtc', channel: 'c', uid: '7', role: 'publisher' },
      { tokenType: 'rtc', channel: 'c', uid: 'alice' },
      { tokenType: 'rtm', uid: 'u' },
      { tokenType: 'chat' },
    ]) {
      const res = await h.post('/getToken', ask);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { token: string };
      expect(Object.keys(body)).toEqual(['token']);
      secrets.add(body.token);
      expect(verifyToken(body.token, CERT)).toBe(true);
      expect(decodeToken(body.token).version).toBe('007');
    }
  });
});

describe('field errors say what is wrong once, and all of it', () => {
  const h = harness(OPEN_ENV);
  const errorsOf = async (path: string, body: unknown) =>
    ((await (await h.post(path, body)).json()) as { errors: { path: string; message: string }[] }).errors;
  it('a missing field is required, not "must be a JSON object"', async () => {
    expect(await errorsOf('/v1/tokens/rtc', {})).toEqual([{ path: 'channel', message: 'is required' }]);
    expect(await errorsOf('/v1/tokens/inspect', {})).toEqual([{ path: 'token', message: 'is required' }]);
  });
  it('every unknown field is reported', async () => {
    expect(await errorsOf('/v1/tokens/rtc', { channel: 'a', foo: 1, bar: 2 })).toEqual([
      { path: 'foo', message: 'is not a known field' },
      { path: 'bar', message: 'is not a known field' },
    ]);
  });
  it('a message does not repeat its field', async () => {
    for (const e of await errorsOf('/v1/tokens/rtm', { userId: ' x' })) {
      expect(e.message.startsWith(e.path)).toBe(false);
    }
  });
  it('a nested field is not repeated either (the token library names it by its whole path)', async () => {
    for (const userId of [' x', 'é'.repeat(33)]) {
      const res = await h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, rtm: { userId } });
      const body = (await res.json()) as { detail: string; errors: { path: string; message: string }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.path).toBe('rtm.userId');
      expect(body.errors[0]!.message).not.toContain('rtm.userId');
      expect(body.detail).toBe(`Invalid request: rtm.userId: ${body.errors[0]!.message}`);
    }
  });
  it('an expiresIn that looks like a unix timestamp says so', async () => {
    const [e] = await errorsOf('/v1/tokens/rtc', { channel: 'a', expiresIn: 1_800_000_000 });
    expect(e).toEqual({ path: 'expiresIn', message: expect.stringContaining('looks like a unix timestamp') });
  });
});
