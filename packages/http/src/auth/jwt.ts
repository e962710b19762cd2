// AUTH_MODE=jwt: bearer tokens verified with jose against a remote JWKS (cached; refreshed on an unknown kid).
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { backoffMs } from '../backoff.js';
import type { JwtConfig } from '../config.js';
import { readAtMost } from '../fetch.js';
import type { Identity } from '../identity.js';
import { HttpProblem, problems } from '../problem.js';

const CHALLENGE = 'Bearer realm="tokenfn"';

/** jose error codes that mean "this token is not acceptable" (401); anything else while fetching keys is 503. */
const REJECTION_CODES = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWK_INVALID',
]);

const DESCRIPTIONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'a claim is not acceptable',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the signing algorithm is not allowed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the signature does not verify',
  ERR_JWKS_NO_MATCHING_KEY: 'no key of the issuer matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token does not identify one key',
};

class KeySetUnavailable extends Error {
  constructor(cause: unknown) {
    super('JWKS unavailable', { cause });
    this.name = 'KeySetUnavailable';
  }
}

/** A key set larger than this is refused (real ones are a few KiB): a hostile or broken endpoint cannot fill memory. */
export const MAX_JWKS_BYTES = 1024 * 1024;

class KeySetTooLarge extends Error {
  override readonly name = 'KeySetTooLarge';
}

/** The body of a response, refused once it passes `limit` bytes (by Content-Length or as it arrives). */
async function cappedText(res: Response, limit: number): Promise<string> {
  if (Number(res.headers.get('content-length') ?? '0') > limit) {
    await res.body?.cancel().catch(() => {});
    throw new KeySetTooLarge(`key set over ${limit} bytes`);
  }
  const bytes = await readAtMost(res.body, limit + 1);
  if (bytes && bytes.byteLength > limit) throw new KeySetTooLarge(`key set over ${limit} bytes`);
  return bytes ? new TextDecoder().decode(bytes) : '';
}

/**
 * jwtVerify with the key set; a token without `kid` while the set holds several keys of its type (during a
 * rotation) is tried against each of those keys in turn, as jose leaves to its caller.
 */
async function verifyWithCandidates(
  token: string,
  getKey: JWTVerifyGetKey,
  options: JWTVerifyOptions,
): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, getKey, options)).payload;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
    if (!(Symbol.asyncIterator in (err as object))) throw err;
    for await (const key of err as AsyncIterable<CryptoKey>) {
      try {
        return (await jwtVerify(token, key, options)).payload;
      } catch (e) {
        if ((e as { code?: string }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw e;
      }
    }
    throw err;
  }
}

export interface JwtVerifier {
  verify(authorization: string | null): Promise<Identity>;
}

export function createJwtVerifier(
  config: JwtConfig,
  deps: { fetch?: typeof fetch; clock: () => number },
): JwtVerifier {
  const options: Parameters<typeof createRemoteJWKSet>[1] = {
    cooldownDuration: config.jwksCooldownMs,
    cacheMaxAge: config.jwksCacheMaxAgeMs,
    timeoutDuration: config.jwksTimeoutMs,
  };
  // Every JWKS fetch goes through here: a body over the cap is refused before jose parses it.
  // not annotated `typeof fetch`: under Bun's types that type has members (preconnect) an arrow lacks
  const baseFetch = deps.fetch ?? ((url: RequestInfo | URL, init?: RequestInit) => fetch(url, init));
  (options as Record<symbol, unknown>)[customFetch] = async (url: string, init: RequestInit) => {
    const res = await baseFetch(url, init);
    const text = await cappedText(res, MAX_JWKS_BYTES);
    return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  const remote = createRemoteJWKSet(new URL(config.jwksUrl), options);
  // The key set jose last fetched and parsed, and since when we have it: so an outage of the identity
  // provider's endpoint does not take verification down with it. After a failed fetch the endpoint is
  // left alone for a while (1 s, doubling to 60 s); meanwhile, and whenever a fetch fails, the last good
  // key set serves for up to jwksMaxStaleMs.
  let lastGood: { jwks: JSONWebKeySet; at: number } | undefined;
  const remember = () => {
    const current = remote.jwks();
    if (current !== undefined && current !== lastGood?.jwks) lastGood = { jwks: current, at: deps.clock() };
  };
  let failures = 0;
  let retryAt = Number.NEGATIVE_INFINITY;
  const stale = (
    header: Parameters<JWTVerifyGetKey>[0],
    token: Parameters<JWTVerifyGetKey>[1],
    cause: unknown,
  ) => {
    if (lastGood && deps.clock() - lastGood.at <= config.jwksMaxStaleMs) {
      return createLocalJWKSet(lastGood.jwks)(header, token);
    }
    throw new KeySetUnavailable(cause);
  };
  // Tell "the key set could not be fetched" (503) apart from "the token is bad" (401).
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (deps.clock() < retryAt) return stale(header, token, new Error('JWKS fetch backing off'));
    try {
      const key = await remote(header, token);
      failures = 0;
      remember();
      return key;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && REJECTION_CODES.has(code)) {
        remember(); // the key set loaded; only this token's key is not in it
        throw err;
      }
      failures++;
      retryAt = deps.clock() + backoffMs(failures, 1000, 60_000);
      return stale(header, token, err);
    }
  };
  const audience = config.audience.length === 1 ? config.audience[0]! : config.audience;
  const issuer = config.issuer.length === 1 ? config.issuer[0]! : config.issuer;

  return {
    async verify(authorization) {
      const m = authorization ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization) : null;
      if (!m) {
        throw problems.unauthenticated(
          authorization ? 'The Authorization header is not a Bearer token.' : 'A Bearer token is required.',
          authorization ? `${CHALLENGE}, error="invalid_request"` : CHALLENGE,
          'ERR_UNAUTHENTICATED',
        );
      }
      try {
        const options = {
          algorithms: config.algorithms,
          issuer,
          audience,
          requiredClaims: ['exp'],
          currentDate: new Date(deps.clock()),
          clockTolerance: config.clockToleranceSeconds,
          ...(config.maxAgeSeconds !== undefined ? { maxTokenAge: config.maxAgeSeconds } : {}),
        };
        const payload = await verifyWithCandidates(m[1]!, getKey, options);
        // A JWT cannot have been issued in the future (beyond the clock tolerance).
        const nowS = deps.clock() / 1000;
        if (typeof payload.iat === 'number' && payload.iat > nowS + config.clockToleranceSeconds) {
          throw Object.assign(new Error('iat in the future'), {
            code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
            claim: 'iat',
          });
        }
        const claims = payload as Record<string, unknown>;
        const sub = typeof claims['sub'] === 'string' ? (claims['sub'] as string) : undefined;
        const identity: Identity = { mode: 'jwt', claims, rateLimitKey: `jwt:${sub ?? ''}` };
        if (sub !== undefined) identity.subject = sub;
        if (typeof payload.exp === 'number') identity.expiresAt = payload.exp;
        return identity;
      } catch (err) {
        if (err instanceof HttpProblem) throw err;
        if (err instanceof KeySetUnavailable) {
          throw problems.unavailable(
            'ERR_AUTH_UNAVAILABLE',
            'The signing keys of the identity provider could not be fetched; try again shortly.',
            10,
          );
        }
        const code = (err as { code?: string }).code ?? 'ERR_JWT_INVALID';
        const claim = (err as { claim?: string }).claim;
        let description = DESCRIPTIONS[code] ?? 'the token is not valid';
        if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim && /^[a-z]{2,3}$/.test(claim)) {
          description =
            claim === 'nbf' ? 'the token is not yet valid' : `the "${claim}" claim is not acceptable`;
        }
        throw problems.unauthenticated(
          `The bearer token was rejected: ${description}.`,
          `${CHALLENGE}, error="invalid_token", error_description=${quotedString(description)}`,
          'ERR_INVALID_TOKEN',
        );
      }
    },
  };
}

/** An RFC 9110 quoted-string: `"` and `\\` escaped, so a description can never break the header's syntax. */
export function quotedString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}
