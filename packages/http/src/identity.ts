import type { ApiKeyScope, AuthMode } from './config.js';

/** Identity claims already verified by a gateway (API Gateway's JWT authorizer), passed in by the adapter. */
export interface GatewayIdentity {
  sub?: string;
  claims: Record<string, unknown>;
}

/** Who is asking, after authentication. */
export interface Identity {
  mode: AuthMode;
  /** for logs: the JWT `sub`, or `api-key:<first 12 hex of the key's SHA-256>`; never a secret */
  subject?: string;
  /** verified claims (jwt and gateway modes); policy rules on claims apply only when present */
  claims?: Record<string, unknown>;
  /** when the identity itself expires (the JWT's `exp`, unix seconds), if it says */
  expiresAt?: number;
  /** what an API key may ask for (API_KEY_SCOPES); unset: the defaults */
  scope?: ApiKeyScope;
  /** the key the rate limiter counts under: `jwt:<sub>`, `gateway:<sub>`, `api-key:<sha256 hex>` or `anonymous` */
  rateLimitKey: string;
}

/** What a platform adapter knows about a request beyond its HTTP message. */
export interface AppRequestContext {
  /** claims an API Gateway authorizer verified (AUTH_MODE=gateway) */
  gatewayIdentity?: GatewayIdentity;
  /**
   * the client's address as the platform vouches for it (e.g. Cloudflare's CF-Connecting-IP), never a
   * client-set header: failed authentications are rate limited per address when there is a limiter
   */
  clientIp?: string;
}
