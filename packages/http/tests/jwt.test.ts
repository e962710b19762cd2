// AUTH_MODE=jwt with real keys made by jose and a JWKS served from node:http on 127.0.0.1.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import type { DecodedToken007 } from '@tokenfn/core';
import { DEMO_CREDENTIALS, decodeToken } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import type { JWK, JWTPayload } from 'jose';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/index.js';
import { createApp, loadConfig, staticCredentials } from '../src/index.js';

const ISSUER = 'https://issuer.test/';
const AUDIENCE = 'tokenfn-api';
const logs = new LogCapture();
const secrets = new SecretSet();
secrets.add(DEMO_CREDENTIALS.appCertificate);

type Key = { kid: string; alg: string; privateKey: CryptoKey; jwk: JWK };
async function makeKey(kid: string, alg: 'RS256' | 'ES256' | 'EdDSA'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

// the JWKS endpoint: what it serves and how it fails are switched per test
let jwks: { keys: JWK[] } = { keys: [] };
let mode: 'ok' | '500' | 'garbage' | 'slow' = 'ok';
let fetches = 0;
let server: Server;
let jwksUrl = '';
let rs: Key;
let es: Key;
let stranger: Key;

beforeAll(async () => {
  rs = await makeKey('rs-1', 'RS256');
  es = await makeKey('es-1', 'ES256');
  stranger = await makeKey('stranger', 'RS256');
  jwks = { keys: [rs.jwk, es.jwk] };
  server = createServer((_req, res) => {
    fetches++;
    if (mode === '500') return void res.writeHead(500).end('oops');
    if (mode === 'garbage')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
    const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    if (mode === 'slow') setTimeout(send, 1500);
    else send();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  expect(logs.lines.length).toBeGreaterThan(10);
  expectCleanLogs(logs.lines, secrets);
});

function config(extra: Record<string, string> = {}, tweak: (c: AppConfig) => void = () => {}): AppConfig {
  const c = loadConfig({
    AUTH_MODE: 'jwt',
    JWT_JWKS_URL: jwksUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    ...extra,
  });
  tweak(c);
  return c;
}

function app(c: AppConfig = config(), fetchImpl?: typeof fetch) {
  const a = createApp({
    config: c,
    credentials: staticCredentials(DEMO_CREDENTIALS),
    logger: logs.logger,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return (authorization?: string, body: unknown = { channel: 'jwt-room', uid: 5 }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== undefined) {
      headers['authorization'] = authorization;
      secrets.add(authorization);
    }
    return a.fetch(
      new Request('http://t/v1/tokens/rtc', { method: 'POST', headers, body: JSON.stringify(body) }),
    );
  };
}

const now = () => Math.floor(Date.now() / 1000);

async function sign(
  key: Key,
  claims: JWTPayload = {},
  o: { iss?: string; aud?: string; exp?: number | null; nbf?: number; iat?: number } = {},
) {
  let j = new SignJWT({ sub: 'user-1', ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt(o.iat);
  if (o.exp !== null) j = j.setExpirationTime(o.exp ?? now() + 300);
  if (o.nbf !== undefined) j = j.setNotBefore(o.nbf);
  return `Bearer ${await j.sign(key.privateKey)}`;
}

const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

async function expect401(res: Response, error?: string): Promise<void> {
  expect(res.status).toBe(401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="tokenfn"/);
  if (error) expect(challenge).toContain(`error="${error}"`);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body['status']).toBe(401);
  expect(body['token']).toBeUndefined();
}

describe('a token never outlives the identity that asked for it (by default)', () => {
  type Issued = { token: string; issuedAt: number; expiresAt: number };
  const lifetime = async (res: Response) => {
    expect(res.status).toBe(200);
    const b = (await res.json()) as Issued;
    secrets.add(b.token);
    return b.expiresAt - b.issuedAt;
  };

  it('a JWT with two minutes left gets a token for two minutes, not the hour asked for', async () => {
    mode = 'ok';
    const call = app();
    const left = await lifetime(
      await call(await sign(rs, {}, { exp: now() + 120 }), { channel: 'c', uid: 5, expiresIn: 3600 }),
    );
    expect(left).toBeGreaterThanOrEqual(118);
    expect(left).toBeLessThanOrEqual(120);
    // privileges asked for longer are cut to the token's lifetime too
    const res = await call(await sign(rs, {}, { exp: now() + 60 }), {
      channel: 'c',
      uid: 5,
      expiresIn: 3600,
      role: 'publisher',
      privileges: { join: 3600, publishAudio: 30 },
    });
    const b = (await res.json()) as Issued;
    expect(res.status, JSON.stringify(b)).toBe(200);
    secrets.add(b.token);
    const decoded = decodeToken(b.token) as DecodedToken007;
    const rtc = decoded.services.find((x) => x.type === 1) as
      | { privileges: Record<string, number> }
      | undefined;
    expect(Object.keys(rtc?.privileges ?? {})).toHaveLength(4);
    expect(Math.max(...Object.values(rtc?.privileges ?? {}))).toBeLessThanOrEqual(60);
  });

  it('AUTH_MODE=gateway: the exp claim API Gateway passes on (a string) caps the lifetime the same way', async () => {
    const a = createApp({
      config: loadConfig({ AUTH_MODE: 'gateway' }),
      credentials: staticCredentials(DEMO_CREDENTIALS),
      logger: logs.logger,
    });
    const body = new TextEncoder().encode(JSON.stringify({ channel: 'c', uid: 5, expiresIn: 3600 }));
    const res = await a.handle(
      {
        method: 'POST',
        path: '/v1/tokens/rtc',
        query: '',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        body,
      },
      { gatewayIdentity: { sub: 'g-1', claims: { sub: 'g-1', exp: String(now() + 90) } } },
    );
    expect(res.status).toBe(200);
    const b = JSON.parse(res.body) as Issued;
    secrets.add(b.token);
    expect(b.expiresAt - b.issuedAt).toBeLessThanOrEqual(90);
    expect(b.expiresAt - b.issuedAt).toBeGreaterThanOrEqual(88);
  });

  it("AUTH_MODE=gateway: a fractional exp or a Cognito authorizer's date caps it too", async () => {
    const gateway = (env: Record<string, string> = {}) => {
      const a = createApp({
        config: loadConfig({ AUTH_MODE: 'gateway', ...env }),
        credentials: staticCredentials(DEMO_CREDENTIALS),
        logger: logs.logger,
      });
      return (exp: unknown) =>
        a.fetch(
          new Request('http://t/v1/tokens/rtc', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ channel: 'c', uid: 5, expiresIn: 3600 }),
          }),
          { gatewayIdentity: { sub: 'g-1', claims: { sub: 'g-1', exp } } },
        );
    };
    const call = gateway();
    const in90 = now() + 90;
    // an HTTP API's JWT authorizer: every claim as a string, a NumericDate's fraction included
    expect(await lifetime(await call(`${in90}.5`))).toBeLessThanOrEqual(91);
    expect(await lifetime(await call(in90 + 0.25))).toBeLessThanOrEqual(91);
    // a REST API's Cognito user pool authorizer: "Tue Mar 19 03:03:45 UTC 2019"
    const cognito = new Date(in90 * 1000)
      .toUTCString()
      .replace(/^(\w+), (\d+) (\w+) (\d+) (\S+) GMT$/, '$1 $3 $2 $5 UTC $4');
    expect(cognito).toMatch(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    const capped = await lifetime(await call(cognito));
    expect(capped).toBeLessThanOrEqual(90);
    expect(capped).toBeGreaterThanOrEqual(88);
    // an exp that cannot be read cannot cap anything: refused, not ignored
    for (const odd of ['soon', 'Tue Feb 30 03:03:45 UTC 2019', `${in90}000`, true, {}]) {
      await expect401(await call(odd), 'invalid_token');
    }
    // unless a token may outlive its identity anyway
    expect(await lifetime(await gateway({ TOKEN_MAY_OUTLIVE_IDENTITY: 'true' })('soon'))).toBe(3600);
  });

  it('TOKEN_MAY_OUTLIVE_IDENTITY=true lets the token run its full lifetime', async () => {
    const call = app(config({ TOKEN_MAY_OUTLIVE_IDENTITY: 'true' }));
    expect(
      await lifetime(
        await call(await sign(rs, {}, { exp: now() + 120 }), { channel: 'c', uid: 5, expiresIn: 3600 }),
      ),
    ).toBe(3600);
  });

  it('a JWT issued in the future is refused; within the clock tolerance it is not', async () => {
    const call = app(config({ JWT_CLOCK_TOLERANCE_SECONDS: '30' }));
    await expect401(
      await call(await sign(rs, {}, { iat: now() + 365 * 86400, exp: 253402300799 })),
      'invalid_token',
    );
    await expect401(await call(await sign(rs, {}, { iat: now() + 120 })), 'invalid_token');
    expect((await call(await sign(rs, {}, { iat: now() + 10 }))).status).toBe(200);
  });

  it('JWT_MAX_AGE_SECONDS refuses a JWT issued longer ago', async () => {
    const call = app(config({ JWT_MAX_AGE_SECONDS: '60' }));
    await expect401(await call(await sign(rs, {}, { iat: now() - 120 })), 'invalid_token');
    expect((await call(await sign(rs, {}, { iat: now() - 5 }))).status).toBe(200);
    expect(() => config({ JWT_MAX_AGE_SECONDS: '0' })).toThrow(/JWT_MAX_AGE_SECONDS/);
  });
});

describe('AUTH_MODE=jwt', () => {
  it('accepts RS256 and ES256 tokens from the JWKS, logging the subject', async () => {
    mode = 'ok';
    const call = app();
    const res = await call(await sign(rs));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { token: string }).token).toMatch(/^007/);
    expect((await call(await sign(es, { sub: 'user-es' }))).status).toBe(200);
    const lines = logs.entries().filter((e) => e['message'] === 'request' && e['status'] === 200);
    expect(lines.map((l) => l['subject'])).toEqual(expect.arrayContaining(['user-1', 'user-es']));
  });

  it('401 without a bearer token, or with another scheme', async () => {
    const call = app();
    await expect401(await call());
    await expect401(await call('Basic dXNlcjpwYXNz'), 'invalid_request');
    await expect401(await call('Bearer'), 'invalid_request');
    await expect401(await call('Bearer not.a.jwt'), 'invalid_token');
  });

  it('401 for an expired token and one not yet valid', async () => {
    const call = app();
    await expect401(await call(await sign(rs, {}, { exp: now() - 10 })), 'invalid_token');
    await expect401(await call(await sign(rs, {}, { nbf: now() + 120 })), 'invalid_token');
  });

  it('401 for a token without exp', async () => {
    await expect401(await app()(await sign(rs, {}, { exp: null })), 'invalid_token');
  });

  it('401 for the wrong issuer or audience', async () => {
    const call = app();
    await expect401(await call(await sign(rs, {}, { iss: 'https://evil.test/' })), 'invalid_token');
    await expect401(await call(await sign(rs, {}, { aud: 'someone-else' })), 'invalid_token');
  });

  it('WWW-Authenticate stays well-formed when the description quotes a claim name', async () => {
    mode = 'ok';
    const call = app();
    const res = await call(await sign(rs, {}, { aud: 'someone-else' }));
    const challenge = res.headers.get('www-authenticate') ?? '';
    // auth-params: token=token or token=quoted-string (RFC 9110), nothing left over
    const param = String.raw`[A-Za-z_]+=(?:[A-Za-z0-9_.~+/-]+|"(?:[^"\\]|\\.)*")`;
    expect(challenge).toMatch(new RegExp(`^Bearer ${param}(?:, ${param})*$`));
    expect(challenge).toContain(String.raw`error_description="the \"aud\" claim is not acceptable"`);
  });

  it('401 for alg none', async () => {
    const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: rs.kid }));
    const payload = b64url(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 }));
    await expect401(await app()(`Bearer ${header}.${payload}.`), 'invalid_token');
  });

  it('401 for HS256 signed with the public key (algorithm confusion)', async () => {
    const { importJWK } = await import('jose');
    const publicKey = (await importJWK(rs.jwk, 'RS256')) as CryptoKey;
    const pem = await exportSPKI(publicKey);
    const hmacKey = new TextEncoder().encode(pem);
    const forged = await new SignJWT({ sub: 'user-1' })
      .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(now() + 300)
      .sign(hmacKey);
    await expect401(await app()(`Bearer ${forged}`), 'invalid_token');
  });

  it('401 for a key the issuer does not publish, after refreshing the key set once', async () => {
    mode = 'ok';
    const call = app(config({}, (c) => (c.jwt!.jwksCooldownMs = 0)));
    expect((await call(await sign(rs))).status).toBe(200);
    const before = fetches;
    await expect401(await call(await sign(stranger)), 'invalid_token');
    expect(fetches).toBe(before + 1); // the unknown kid made it fetch the set again
  });

  it('refreshes the key set on an unknown kid: a rotated-in key works without restart', async () => {
    mode = 'ok';
    const call = app(config({}, (c) => (c.jwt!.jwksCooldownMs = 0)));
    expect((await call(await sign(rs))).status).toBe(200);
    const rotated = await makeKey('rs-2', 'RS256');
    jwks = { keys: [rs.jwk, es.jwk, rotated.jwk] };
    try {
      expect((await call(await sign(rotated))).status).toBe(200);
    } finally {
      jwks = { keys: [rs.jwk, es.jwk] };
    }
  });

  it('unknown kids cannot make it hammer the JWKS: at most one refresh per cooldown', async () => {
    mode = 'ok';
    const call = app(); // default cooldown (30 s)
    const before = fetches;
    expect((await call(await sign(rs))).status).toBe(200); // the first load
    const forged = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => sign({ ...stranger, kid: `random-${i}` })),
    );
    for (const auth of forged) await expect401(await call(auth), 'invalid_token');
    await Promise.all(forged.map(async (auth) => expect401(await call(auth), 'invalid_token')));
    expect(fetches - before).toBeLessThanOrEqual(2);
  });

  it('JWT_ISSUER and JWT_AUDIENCE lists: any listed issuer, any listed audience', async () => {
    mode = 'ok';
    const call = app(
      config({ JWT_ISSUER: `https://other.test/, ${ISSUER}`, JWT_AUDIENCE: `first-api,${AUDIENCE}` }),
    );
    expect((await call(await sign(rs, {}, { iss: 'https://other.test/' }))).status).toBe(200);
    expect((await call(await sign(rs, {}, { aud: 'first-api' }))).status).toBe(200);
    await expect401(await call(await sign(rs, {}, { iss: 'https://third.test/' })), 'invalid_token');
    await expect401(await call(await sign(rs, {}, { aud: 'third-api' })), 'invalid_token');
    // a token for several audiences passes when one of them is ours
    const multi = await new SignJWT({ sub: 'user-1' })
      .setProtectedHeader({ alg: rs.alg, kid: rs.kid })
      .setIssuer(ISSUER)
      .setAudience(['someone-else', 'first-api'])
      .setExpirationTime(now() + 300)
      .sign(rs.privateKey);
    secrets.add(multi);
    expect((await call(`Bearer ${multi}`)).status).toBe(200);
  });

  it('a token without kid is tried against each key of its type (several during a rotation)', async () => {
    mode = 'ok';
    const second = await makeKey('rs-2', 'RS256');
    jwks = { keys: [rs.jwk, second.jwk, es.jwk] };
    try {
      const call = app();
      const noKid = async (key: Key, claims: JWTPayload = {}) => {
        const jwt = await new SignJWT({ sub: 'user-1', ...claims })
          .setProtectedHeader({ alg: key.alg })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 300)
          .sign(key.privateKey);
        return `Bearer ${jwt}`;
      };
      expect((await call(await noKid(rs))).status).toBe(200);
      expect((await call(await noKid(second))).status).toBe(200);
      await expect401(await call(await noKid(stranger)), 'invalid_token');
      // each candidate still checks every claim
      const expired = await new SignJWT({ sub: 'user-1' })
        .setProtectedHeader({ alg: second.alg })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(now() - 60)
        .sign(second.privateKey);
      secrets.add(expired);
      await expect401(await call(`Bearer ${expired}`), 'invalid_token');
      await expect401(await call(await noKid(second, { nbf: now() + 600 })), 'invalid_token');
    } finally {
      jwks = { keys: [rs.jwk, es.jwk] };
    }
  });

  it('caches the key set: many requests, one fetch', async () => {
    mode = 'ok';
    const call = app();
    const before = fetches;
    const auth = await sign(rs);
    for (let i = 0; i < 5; i++) expect((await call(auth)).status).toBe(200);
    expect(fetches).toBe(before + 1);
  });

  it('503 with Retry-After when the JWKS is unreachable, never a bypass', async () => {
    const auth = await sign(rs);
    for (const m of ['500', 'garbage'] as const) {
      mode = m;
      const res = await app()(auth);
      expect(res.status, m).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(((await res.json()) as { code: string }).code).toBe('ERR_AUTH_UNAVAILABLE');
    }
    mode = 'slow';
    const slow = await app(config({}, (c) => (c.jwt!.jwksTimeoutMs = 200)))(auth);
    expect(slow.status).toBe(503);
    mode = 'ok';
    // nothing listens on this port
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const down = await app(config({ JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks` }))(auth);
    expect(down.status).toBe(503);
  });

  it('an outage of the JWKS: the last good key set keeps verifying, the endpoint is retried with back-off', async () => {
    mode = 'ok';
    // a key set that is stale at every request, so each one would refetch
    const call = app(config({}, (c) => (c.jwt!.jwksCacheMaxAgeMs = 1)));
    expect((await call(await sign(rs))).status).toBe(200);
    mode = '500';
    const before = fetches;
    const auth = await sign(rs);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 2));
      expect((await call(auth)).status).toBe(200);
    }
    expect(fetches - before).toBe(1); // one failed fetch, then the back-off
    // a token signed by a key nobody has is still refused
    await expect401(await call(await sign(stranger)), 'invalid_token');
    mode = 'ok';
  });

  it('the stale key set is bounded: past jwksMaxStaleMs an outage is a 503', async () => {
    mode = 'ok';
    let t = Date.now();
    const c = config({}, (x) => {
      x.jwt!.jwksCacheMaxAgeMs = 1;
      x.jwt!.jwksMaxStaleMs = 60_000;
    });
    const a = createApp({
      config: c,
      credentials: staticCredentials(DEMO_CREDENTIALS),
      logger: logs.logger,
      clock: () => t,
    });
    const ask = async (auth: string) =>
      a.fetch(
        new Request('http://t/v1/tokens/rtc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: auth },
          body: '{"channel":"c","uid":1}',
        }),
      );
    const auth = await sign(rs, {}, { exp: now() + 3600 });
    expect((await ask(auth)).status).toBe(200);
    mode = '500';
    t += 30_000;
    await new Promise((r) => setTimeout(r, 2));
    expect((await ask(auth)).status).toBe(200);
    t += 61_000;
    expect((await ask(auth)).status).toBe(503);
    mode = 'ok';
  });

  it('with no key set yet, failures are cached: requests in the back-off get 503 without a fetch', async () => {
    mode = '500';
    const call = app();
    const auth = await sign(rs);
    const before = fetches;
    for (let i = 0; i < 10; i++) expect((await call(auth)).status).toBe(503);
    expect(fetches - before).toBe(1);
    mode = 'ok';
  });

  it('a key set over 1 MiB is refused (503), not parsed', async () => {
    const huge = { keys: [rs.jwk, es.jwk], padding: 'x'.repeat(2 * 1024 * 1024) };
    const saved = jwks;
    jwks = huge as unknown as typeof jwks;
    try {
      const res = await app()(await sign(rs));
      expect(res.status).toBe(503);
    } finally {
      jwks = saved;
    }
    // and a chunked one with no Content-Length, through an injected fetch
    const chunked: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
            controller.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    expect((await app(config(), chunked)(await sign(rs))).status).toBe(503);
  });

  it('fetches the JWKS through the injected fetch', async () => {
    mode = 'ok';
    const urls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    expect((await app(config(), counting)(await sign(rs))).status).toBe(200);
    expect(urls).toEqual([jwksUrl]);
  });

  it('accepts only the configured algorithms (JWT_ALGORITHMS)', async () => {
    mode = 'ok';
    const call = app(config({ JWT_ALGORITHMS: 'ES256' }));
    expect((await call(await sign(es))).status).toBe(200);
    await expect401(await call(await sign(rs)), 'invalid_token');
  });

  it('binds the user to JWT_UID_CLAIM from a verified token', async () => {
    mode = 'ok';
    const call = app(config({ JWT_UID_CLAIM: 'agora_uid' }));
    const auth = await sign(rs, { agora_uid: 77 });
    const res = await call(auth, { channel: 'c' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { uid: number }).uid).toBe(77);
    expect((await call(auth, { channel: 'c', uid: 78 })).status).toBe(403);
  });
});
