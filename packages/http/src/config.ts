// Configuration: the documented variable names (environment variables or bindings) parsed once into AppConfig.
import { APP_NAME } from './credentials.js';
import { isLoopbackHost } from './loopback.js';
import type { Product } from './products.js';
import { isProduct, PRODUCTS } from './products.js';

export type AuthMode = 'jwt' | 'api-key' | 'gateway' | 'none';

/** Asymmetric JWS algorithms accepted by default; HMAC (`HS*`) and `none` can never be configured. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export interface JwtConfig {
  jwksUrl: string;
  issuer: string[];
  audience: string[];
  algorithms: string[];
  /** minimum time between two JWKS fetches triggered by an unknown `kid` */
  jwksCooldownMs: number;
  /** how long a fetched JWKS is used before it is fetched again */
  jwksCacheMaxAgeMs: number;
  /** JWKS fetch timeout */
  jwksTimeoutMs: number;
  /** how long the last good JWKS keeps verifying tokens while the endpoint fails */
  jwksMaxStaleMs: number;
  /** tolerated clock skew for exp / nbf / iat */
  clockToleranceSeconds: number;
  /** JWT_MAX_AGE_SECONDS: a JWT issued (`iat`) longer ago than this is refused; unset: no limit */
  maxAgeSeconds?: number;
}

export interface PolicyConfig {
  /** JWT_UID_CLAIM: the claim that uid / account / userId must equal (and default to) */
  uidClaim?: string;
  /** JWT_CHANNELS_CLAIM: the claim listing allowed channel names or `*` globs */
  channelsClaim?: string;
  /** JWT_PUBLISH_CLAIM: the claim that must allow publishing for role publisher */
  publishClaim?: string;
  /** CHAT_APP_CLAIM: the claim that must be `true` for a JWT/gateway identity to get a chat app token */
  chatAppClaim?: string;
  /**
   * AGENT_TOKEN_CLAIM: the claim that must be `true` for a JWT/gateway identity to get a ConvoAI or STT
   * agent token (an RTC + RTM token for any uid it names)
   */
  agentTokenClaim?: string;
  /** JWT_PRODUCTS_CLAIM: the claim listing the products (or `*`) an identity may get tokens for */
  productsClaim?: string;
  /** JWT_APPS_CLAIM: the claim listing the app names (or `*` globs) an identity may use */
  appsClaim?: string;
  /** DEFAULT_PRODUCTS: the products of an identity with no grant of its own (unset: rtc, rtm, chat) */
  defaultProducts?: readonly Product[];
  /** AGORA_DEFAULT_APP: the app a request that names none uses (default: the only app, if there is one) */
  defaultApp?: string;
}

/** What one API key may ask for (API_KEY_SCOPES); a key without an entry has the defaults. */
export interface ApiKeyScope {
  /** products this key may get tokens for (`*`: all); unset: DEFAULT_PRODUCTS */
  products?: readonly (Product | '*')[];
  /** app names or `*` globs this key may use; unset: the default app */
  apps?: readonly string[];
}

export interface AppConfig {
  authMode: AuthMode;
  jwt?: JwtConfig;
  /** lower-case SHA-256 hex digests of the accepted API keys */
  apiKeyHashes: string[];
  /** API_KEY_SCOPES: per key (lower-case SHA-256 hex), what it may ask for */
  apiKeyScopes: Record<string, ApiKeyScope>;
  policy: PolicyConfig;
  defaultExpiresIn: number;
  maxExpiresIn: number;
  /** exact origins, or `*` */
  corsAllowOrigins: string[];
  compatRoutes: boolean;
  /**
   * TOKEN_MAY_OUTLIVE_IDENTITY: false (default) caps a token's lifetime at the identity's own remaining
   * lifetime (the JWT's `exp`); true lets a token run its full expiresIn.
   */
  tokenMayOutliveIdentity: boolean;
  secretCacheSeconds: number;
  secretMaxStaleSeconds: number;
  /** request bodies above this many bytes get a 413 */
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export const MAX_BODY_BYTES = 8192;

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = String(v).trim();
  return t === '' ? undefined : t;
}

function list(env: Env, name: string): string[] {
  const v = str(env, name);
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

/** An optional true/false switch, false when unset. */
function boolSwitch(env: Env, name: string): boolean {
  const v = str(env, name);
  if (v === undefined) return false;
  if (v !== 'true' && v !== 'false') throw new ConfigError(name, 'must be true or false');
  return v === 'true';
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v))
    throw new ConfigError(name, `must be a whole number of seconds, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function claimName(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v !== undefined && !/^[A-Za-z0-9_:.\-/]{1,128}$/.test(v)) {
    throw new ConfigError(name, 'must be a claim name (letters, digits, _ : . - /)');
  }
  return v;
}

/**
 * Parses and checks the configuration. Throws ConfigError naming the variable on anything invalid.
 * `localLoopback`: the local server bound to a loopback address, where AUTH_MODE defaults to `none`
 * and `none` needs no ALLOW_UNAUTHENTICATED.
 */
export function loadConfig(env: Env, o: { localLoopback?: boolean } = {}): AppConfig {
  const local = o.localLoopback === true;
  const modeRaw = str(env, 'AUTH_MODE') ?? (local ? 'none' : undefined);
  if (modeRaw === undefined) {
    throw new ConfigError('AUTH_MODE', 'is required: jwt, api-key, gateway or none');
  }
  if (!['jwt', 'api-key', 'gateway', 'none'].includes(modeRaw)) {
    throw new ConfigError(
      'AUTH_MODE',
      `must be jwt, api-key, gateway or none, got ${JSON.stringify(modeRaw)}`,
    );
  }
  const authMode = modeRaw as AuthMode;

  const allowUnauth = str(env, 'ALLOW_UNAUTHENTICATED');
  if (allowUnauth !== undefined && allowUnauth !== 'true' && allowUnauth !== 'false') {
    throw new ConfigError('ALLOW_UNAUTHENTICATED', 'must be true or false');
  }
  if (authMode === 'none' && !local && allowUnauth !== 'true') {
    throw new ConfigError(
      'AUTH_MODE',
      'none issues tokens to anyone; set ALLOW_UNAUTHENTICATED=true to mean it (only the local server on loopback is exempt)',
    );
  }

  let jwt: JwtConfig | undefined;
  if (authMode === 'jwt') {
    const jwksUrl = str(env, 'JWT_JWKS_URL');
    if (!jwksUrl) throw new ConfigError('JWT_JWKS_URL', 'is required with AUTH_MODE=jwt');
    let u: URL;
    try {
      u = new URL(jwksUrl);
    } catch {
      throw new ConfigError('JWT_JWKS_URL', 'is not a URL');
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
      throw new ConfigError('JWT_JWKS_URL', 'must be https (http only for a loopback host)');
    }
    const issuer = list(env, 'JWT_ISSUER');
    if (issuer.length === 0) throw new ConfigError('JWT_ISSUER', 'is required with AUTH_MODE=jwt');
    const audience = list(env, 'JWT_AUDIENCE');
    if (audience.length === 0) throw new ConfigError('JWT_AUDIENCE', 'is required with AUTH_MODE=jwt');
    const algs = list(env, 'JWT_ALGORITHMS');
    for (const a of algs) {
      if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a)) {
        throw new ConfigError(
          'JWT_ALGORITHMS',
          `${JSON.stringify(a)} is not an allowed asymmetric algorithm (${ASYMMETRIC_ALGORITHMS.join(', ')})`,
        );
      }
    }
    jwt = {
      jwksUrl: u.href,
      issuer,
      audience,
      algorithms: algs.length > 0 ? algs : [...ASYMMETRIC_ALGORITHMS],
      jwksCooldownMs: 30_000,
      jwksCacheMaxAgeMs: 600_000,
      jwksTimeoutMs: 5_000,
      jwksMaxStaleMs: 3_600_000,
      clockToleranceSeconds: int(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 0, 0, 300),
    };
    if (str(env, 'JWT_MAX_AGE_SECONDS') !== undefined) {
      jwt.maxAgeSeconds = int(env, 'JWT_MAX_AGE_SECONDS', 0, 1, 366 * 86400);
    }
  }

  const apiKeyHashes = list(env, 'API_KEY_HASHES').map((h) => h.toLowerCase());
  for (const h of apiKeyHashes) {
    if (!/^[0-9a-f]{64}$/.test(h)) {
      throw new ConfigError('API_KEY_HASHES', 'each entry must be a SHA-256 digest in hex (64 characters)');
    }
  }
  if (authMode === 'api-key' && apiKeyHashes.length === 0) {
    throw new ConfigError('API_KEY_HASHES', 'is required with AUTH_MODE=api-key');
  }

  const maxExpiresIn = int(env, 'MAX_EXPIRES_IN', 86400, 1, 86400);
  const defaultExpiresIn = int(env, 'DEFAULT_EXPIRES_IN', Math.min(3600, maxExpiresIn), 1, 86400);
  if (defaultExpiresIn > maxExpiresIn) {
    throw new ConfigError('DEFAULT_EXPIRES_IN', `must not exceed MAX_EXPIRES_IN (${maxExpiresIn})`);
  }

  const corsAllowOrigins = list(env, 'CORS_ALLOW_ORIGINS');
  for (const origin of corsAllowOrigins) {
    if (origin === '*') continue;
    let ok = false;
    try {
      ok = new URL(origin).origin === origin;
    } catch {}
    if (!ok)
      throw new ConfigError(
        'CORS_ALLOW_ORIGINS',
        `${JSON.stringify(origin)} is not an origin like https://app.example.com`,
      );
  }

  const compat = str(env, 'COMPAT_ROUTES');
  if (compat !== undefined && compat !== 'agora-token-service' && compat !== 'none') {
    throw new ConfigError('COMPAT_ROUTES', 'must be agora-token-service or empty');
  }

  const apiKeyScopes = parseApiKeyScopes(str(env, 'API_KEY_SCOPES'), apiKeyHashes);
  const defaultProducts = productList(env, 'DEFAULT_PRODUCTS');
  const defaultApp = str(env, 'AGORA_DEFAULT_APP');
  if (defaultApp !== undefined && !APP_NAME.test(defaultApp)) {
    throw new ConfigError('AGORA_DEFAULT_APP', 'must be an app name: 1 to 64 of A-Z a-z 0-9 _ . -');
  }

  const policy: PolicyConfig = {};
  if (defaultProducts !== undefined) policy.defaultProducts = defaultProducts;
  if (defaultApp !== undefined) policy.defaultApp = defaultApp;
  const productsClaim = claimName(env, 'JWT_PRODUCTS_CLAIM');
  const appsClaim = claimName(env, 'JWT_APPS_CLAIM');
  if (productsClaim) policy.productsClaim = productsClaim;
  if (appsClaim) policy.appsClaim = appsClaim;
  const uidClaim = claimName(env, 'JWT_UID_CLAIM');
  const channelsClaim = claimName(env, 'JWT_CHANNELS_CLAIM');
  const publishClaim = claimName(env, 'JWT_PUBLISH_CLAIM');
  const chatAppClaim = claimName(env, 'CHAT_APP_CLAIM');
  const agentTokenClaim = claimName(env, 'AGENT_TOKEN_CLAIM');
  if (uidClaim) policy.uidClaim = uidClaim;
  if (channelsClaim) policy.channelsClaim = channelsClaim;
  if (publishClaim) policy.publishClaim = publishClaim;
  if (chatAppClaim) policy.chatAppClaim = chatAppClaim;
  if (agentTokenClaim) policy.agentTokenClaim = agentTokenClaim;

  const config: AppConfig = {
    authMode,
    apiKeyHashes,
    apiKeyScopes,
    policy,
    defaultExpiresIn,
    maxExpiresIn,
    corsAllowOrigins,
    compatRoutes: compat === 'agora-token-service',
    tokenMayOutliveIdentity: boolSwitch(env, 'TOKEN_MAY_OUTLIVE_IDENTITY'),
    // Below 10 s every burst of requests would reach the credential store (cost, throttling, latency).
    secretCacheSeconds: int(env, 'SECRET_CACHE_SECONDS', 300, 10, 86400),
    secretMaxStaleSeconds: int(env, 'SECRET_MAX_STALE_SECONDS', 3600, 0, 7 * 86400),
    maxBodyBytes: MAX_BODY_BYTES,
  };
  if (jwt) config.jwt = jwt;
  return config;
}

function productList(env: Env, name: string): Product[] | undefined {
  if (str(env, name) === undefined) return undefined;
  const out: Product[] = [];
  for (const p of list(env, name)) {
    if (!isProduct(p)) {
      throw new ConfigError(name, `${JSON.stringify(p)} is not a product (${PRODUCTS.join(', ')})`);
    }
    out.push(p);
  }
  return out;
}

const SCOPES_SHAPE =
  'must be a JSON object {"<sha256 hex of a key>": {"products": ["rtc", …], "apps": ["prod", …]}}';

/**
 * API_KEY_SCOPES: `{"<sha256 hex>": {"products": [...], "apps": [...]}}`. Each key named must be one of
 * API_KEY_HASHES (a scope never lets a key in on its own); products are known ones, apps names or `*` globs.
 */
function parseApiKeyScopes(text: string | undefined, hashes: string[]): Record<string, ApiKeyScope> {
  const out: Record<string, ApiKeyScope> = {};
  if (text === undefined) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('API_KEY_SCOPES', `is not JSON: it ${SCOPES_SHAPE}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('API_KEY_SCOPES', SCOPES_SHAPE);
  }
  for (const [rawHash, rawScope] of Object.entries(parsed)) {
    const hash = rawHash.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      throw new ConfigError('API_KEY_SCOPES', 'each key must be a SHA-256 digest in hex (64 characters)');
    }
    // Only the first 12 hex characters, as in the logs: enough to find the entry, not the whole digest.
    const which = `the entry for ${hash.slice(0, 12)}…`;
    if (!hashes.includes(hash)) {
      throw new ConfigError('API_KEY_SCOPES', `${which} is not one of API_KEY_HASHES`);
    }
    if (typeof rawScope !== 'object' || rawScope === null || Array.isArray(rawScope)) {
      throw new ConfigError('API_KEY_SCOPES', `${which} ${SCOPES_SHAPE.replace('must be', 'must map to')}`);
    }
    const scope: ApiKeyScope = {};
    for (const [field, value] of Object.entries(rawScope as Record<string, unknown>)) {
      if (field !== 'products' && field !== 'apps') {
        throw new ConfigError('API_KEY_SCOPES', `${which} has an unknown member ${JSON.stringify(field)}`);
      }
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
        throw new ConfigError('API_KEY_SCOPES', `${which}: ${field} must be an array of strings`);
      }
      if (field === 'products') {
        const bad = value.find((p) => !isProduct(p) && p !== '*');
        if (bad !== undefined) {
          throw new ConfigError(
            'API_KEY_SCOPES',
            `${which}: ${JSON.stringify(bad)} is not a product (${PRODUCTS.join(', ')})`,
          );
        }
        scope.products = value as (Product | '*')[];
      } else {
        const bad = value.find((a) => !/^[A-Za-z0-9_.*-]{1,64}$/.test(a));
        if (bad !== undefined) {
          throw new ConfigError(
            'API_KEY_SCOPES',
            `${which}: ${JSON.stringify(bad)} is not an app name or glob`,
          );
        }
        scope.apps = value as string[];
      }
    }
    out[hash] = scope;
  }
  return out;
}
