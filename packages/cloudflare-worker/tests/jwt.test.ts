// AUTH_MODE=jwt inside workerd: the JWKS is served by the test (the isolate's fetch is intercepted for
// the JWKS URL only), tokens are signed here with WebCrypto (ES256).
import { decodeToken } from '@tokenfn/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkerEnv } from '../src/bindings';
import { TEST_APP_CERTIFICATE, TEST_APP_ID, TIGHT_LIMIT, TIGHT_PERIOD } from './bindings.config';
import { bindings, recordingLimiter, rtcRequest, startOfFreshWindow, worker } from './helpers';

const JWKS_URL = 'https://issuer.tokenfn.test/.well-known/jwks.json';
const ISSUER = 'https://issuer.tokenfn.test/';
const AUDIENCE = 'tokenfn-worker-tests';

let keyPair: CryptoKeyPair;
let otherKeyPair: CryptoKeyPair;
let jwks: { keys: JsonWebKey[] };
let jwksFetches = 0;

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const b64urlJson = (v: unknown) => b64url(new TextEncoder().encode(JSON.stringify(v)));

async function signJwt(claims: Record<string, unknown>, key: CryptoKey = keyPair.privateKey, kid = 'k1') {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64urlJson({ alg: 'ES256', typ: 'JWT', kid })}.${b64urlJson({
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 300,
    ...claims,
  })}`;
  const sig = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    new TextEncoder().encode(input),
  );
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

beforeAll(async () => {
  const params = { name: 'ECDSA', namedCurve: 'P-256' };
  keyPair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  otherKeyPair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', keyPair.publicKey)) as JsonWebKey;
  jwks = { keys: [{ ...jwk, kid: 'k1', alg: 'ES256', use: 'sig' } as JsonWebKey] };
});

function serveJwks() {
  const realFetch = globalThis.fetch;
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === JWKS_URL) {
      jwksFetches++;
      return Response.json(jwks);
    }
    return realFetch(input, init);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

function jwtEnv(extra: Partial<WorkerEnv> = {}): WorkerEnv {
  return {
    AUTH_MODE: 'jwt',
    JWT_JWKS_URL: JWKS_URL,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_UID_CLAIM: 'uid',
    AGORA_APP_ID: TEST_APP_ID,
    AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
    ...extra,
  };
}

describe('AUTH_MODE=jwt', () => {
  it('issues a token for a valid JWT, and fetches the JWKS once per isolate', async () => {
    serveJwks();
    jwksFetches = 0;
    const env = jwtEnv();
    for (let i = 0; i < 3; i++) {
      const jwt = await signJwt({ sub: `user-${i}`, uid: 1000 + i });
      const res = await worker.fetch(
        rtcRequest({ authorization: `Bearer ${jwt}` }, { channel: 'c', uid: 1000 + i }),
        env,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; uid: number };
      expect(body.uid).toBe(1000 + i);
      const decoded = decodeToken(body.token) as unknown as { appId: string };
      expect(decoded.appId).toBe(TEST_APP_ID);
    }
    expect(jwksFetches).toBe(1);
  });

  it('refuses a missing token, a token signed by another key, a wrong audience (401, WWW-Authenticate)', async () => {
    serveJwks();
    const env = jwtEnv();
    const cases: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${await signJwt({ sub: 'x', uid: 1 }, otherKeyPair.privateKey)}` },
      { authorization: `Bearer ${await signJwt({ sub: 'x', uid: 1, aud: 'someone-else' })}` },
      { authorization: 'Basic dXNlcjpwYXNz' },
    ];
    for (const headers of cases) {
      const res = await worker.fetch(rtcRequest(headers, { channel: 'c', uid: 1 }), env);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const text = await res.text();
      if (headers['authorization']) expect(text).not.toContain(headers['authorization'].slice(7, 40));
    }
  });

  it("binds the uid to the JWT claim (403 for someone else's uid)", async () => {
    serveJwks();
    const jwt = await signJwt({ sub: 'alice', uid: 5 });
    const res = await worker.fetch(
      rtcRequest({ authorization: `Bearer ${jwt}` }, { channel: 'c', uid: 6 }),
      jwtEnv(),
    );
    expect(res.status).toBe(403);
  });

  it('a JWKS that cannot be fetched is a 503, not a 401', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('down', { status: 500 }));
    const jwt = await signJwt({ sub: 'alice', uid: 5 });
    const res = await worker.fetch(
      rtcRequest({ authorization: `Bearer ${jwt}` }, { channel: 'c', uid: 5 }),
      jwtEnv(),
    );
    expect(res.status).toBe(503);
  });

  it('rate limits per JWT subject', async () => {
    serveJwks();
    await startOfFreshWindow(TIGHT_PERIOD);
    const limiter = recordingLimiter(bindings.TIGHT_RATE_LIMITER);
    const env = jwtEnv({ RATE_LIMITER: limiter });
    const subject = `carol-${crypto.randomUUID()}`;
    const seen: number[] = [];
    for (let i = 0; i < TIGHT_LIMIT + 1; i++) {
      const jwt = await signJwt({ sub: subject, uid: 9 });
      seen.push(
        (await worker.fetch(rtcRequest({ authorization: `Bearer ${jwt}` }, { channel: 'c', uid: 9 }), env))
          .status,
      );
    }
    expect(seen).toEqual([...Array(TIGHT_LIMIT).fill(200), 429]);
    const other = await signJwt({ sub: `dave-${crypto.randomUUID()}`, uid: 9 });
    expect(
      (await worker.fetch(rtcRequest({ authorization: `Bearer ${other}` }, { channel: 'c', uid: 9 }), env))
        .status,
    ).toBe(200);
    expect(limiter.keys[0]).toBe(`jwt:${subject}`);
  });
});
