// The Cloudflare bindings this Worker reads, typed structurally so the code needs no global
// runtime types: a Secrets Store secret and a rate limiting binding.

/** `secrets_store_secrets` binding: `await env.X.get()` returns the secret's value. */
export interface SecretsStoreSecret {
  get(): Promise<string>;
}

/** `ratelimits` binding: `await env.RATE_LIMITER.limit({ key })`. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The Worker's `env`: string vars and secrets, plus the optional bindings. */
export interface WorkerEnv {
  AGORA_APP_ID?: string;
  /** a secret (`wrangler secret put`) or a Secrets Store binding under the same name */
  AGORA_APP_CERTIFICATE?: string | SecretsStoreSecret;
  /** the certificate being rotated out (a secret or a Secrets Store binding), while a rotation is under way */
  AGORA_PREVIOUS_APP_CERTIFICATE?: string | SecretsStoreSecret;
  /** several apps: `{"apps": {"prod": {"appId", "appCertificate", "previousAppCertificate"?}}}`, a secret or a Secrets Store binding */
  AGORA_APPS?: string | SecretsStoreSecret;
  RATE_LIMITER?: RateLimitBinding;
  /** the `period` of the RATE_LIMITER binding (10 or 60), used as Retry-After; default 60 */
  RATE_LIMIT_PERIOD_SECONDS?: string | number;
  [name: string]: unknown;
}

export function isRateLimitBinding(v: unknown): v is RateLimitBinding {
  return typeof v === 'object' && v !== null && typeof (v as { limit?: unknown }).limit === 'function';
}

/**
 * The vars and secrets of `env` as the strings the app's config reads. wrangler passes a var written as a
 * JSON number or boolean (`"MAX_EXPIRES_IN": 600`, `"ALLOW_UNAUTHENTICATED": true`) as that value, and one
 * written as a JSON object or array (`"API_KEY_SCOPES": {...}`) as the parsed value, not as a string: those
 * are turned into their text (JSON text for objects and arrays), so they are not silently ignored; ignoring
 * API_KEY_SCOPES would give every key the defaults. Bindings (objects with methods) are left out.
 */
export function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  const vars: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') vars[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
    else if (isJsonVar(value)) vars[name] = JSON.stringify(value);
  }
  return vars;
}

/** A JSON var as workerd hands it over: an array, or a plain object none of whose members is a function. */
function isJsonVar(v: unknown): v is object {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((member) => typeof member !== 'function');
}
