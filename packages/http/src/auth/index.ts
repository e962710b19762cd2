// Authentication by AUTH_MODE: turns a request into an Identity or throws a 401/503 problem.
import type { AppConfig } from '../config.js';
import type { HttpExchangeRequest } from '../exchange.js';
import type { GatewayIdentity, Identity } from '../identity.js';
import { problems } from '../problem.js';
import { createApiKeyVerifier } from './api-key.js';
import { createJwtVerifier } from './jwt.js';

export type Authenticator = (
  request: HttpExchangeRequest,
  gateway: GatewayIdentity | undefined,
) => Promise<Identity>;

export function createAuthenticator(
  config: AppConfig,
  deps: { fetch?: typeof fetch; clock: () => number },
): Authenticator {
  switch (config.authMode) {
    case 'jwt': {
      if (!config.jwt) throw new TypeError('AUTH_MODE=jwt needs config.jwt');
      const v = createJwtVerifier(config.jwt, deps);
      return (request) => v.verify(request.headers['authorization'] ?? null);
    }
    case 'api-key': {
      const v = createApiKeyVerifier(config.apiKeyHashes, config.apiKeyScopes);
      return (request) => v.verify(request.headers['x-api-key'] ?? null);
    }
    case 'gateway':
      return async (_request, gateway) => {
        if (!gateway || typeof gateway.claims !== 'object' || gateway.claims === null) {
          throw problems.unauthenticated(
            'No identity was passed on by the gateway.',
            'Bearer realm="tokenfn"',
          );
        }
        const claims = gateway.claims;
        const sub =
          gateway.sub ?? (typeof claims['sub'] === 'string' ? (claims['sub'] as string) : undefined);
        const identity: Identity = { mode: 'gateway', claims, rateLimitKey: `gateway:${sub ?? ''}` };
        if (sub !== undefined) identity.subject = sub;
        const exp = claims['exp'];
        if (exp === undefined || exp === null) return identity;
        const expiresAt = gatewayExp(exp);
        if (expiresAt !== undefined) identity.expiresAt = expiresAt;
        else if (!config.tokenMayOutliveIdentity) {
          // An expiry that cannot be read cannot cap the token's lifetime: refused, never ignored.
          throw problems.unauthenticated(
            'The identity passed on by the gateway has an exp claim that cannot be read.',
            'Bearer realm="tokenfn", error="invalid_token"',
            'ERR_INVALID_TOKEN',
          );
        }
        return identity;
      };
    case 'none':
      return async () => ({ mode: 'none', rateLimitKey: 'anonymous' });
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Tue Mar 19 03:03:45 UTC 2019`: how a REST API's Cognito authorizer passes `exp` on. */
const COGNITO_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/**
 * The `exp` claim a gateway passed on, in unix seconds: a number; a string of decimal seconds (an HTTP
 * API's JWT authorizer passes every claim as a string, a fraction included); or the date a REST API's
 * Cognito authorizer makes of it. Undefined for anything else.
 */
export function gatewayExp(exp: unknown): number | undefined {
  if (typeof exp === 'number') return Number.isFinite(exp) ? exp : undefined;
  if (typeof exp !== 'string') return undefined;
  if (/^\d{1,12}(?:\.\d{1,9})?$/.test(exp)) return Number(exp);
  const m = COGNITO_DATE.exec(exp);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return undefined;
  const [day, hours, minutes, seconds, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  const ms = Date.UTC(year!, month, day!, hours!, minutes!, seconds!);
  // Date.UTC rolls an impossible date over (Feb 30 is Mar 2): such a string is no date at all.
  const d = new Date(ms);
  const same =
    d.getUTCDate() === day &&
    d.getUTCHours() === hours &&
    d.getUTCMinutes() === minutes &&
    d.getUTCSeconds() === seconds;
  return same ? ms / 1000 : undefined;
}
