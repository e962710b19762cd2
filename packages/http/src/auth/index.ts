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
        // API Gateway passes the JWT's claims on as strings.
        const exp = claims['exp'];
        const expiresAt = typeof exp === 'string' && /^\d{1,12}$/.test(exp) ? Number(exp) : exp;
        if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) identity.expiresAt = expiresAt;
        return identity;
      };
    case 'none':
      return async () => ({ mode: 'none', rateLimitKey: 'anonymous' });
  }
}
