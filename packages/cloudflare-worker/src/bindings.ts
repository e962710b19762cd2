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
  RATE_LIMIT_PERIOD_SECONDS?: string;
  [name: string]: unknown;
}

export function isRateLimitBinding(v: unknown): v is RateLimitBinding {
  return typeof v === 'object' && v !== null && typeof (v as { limit?: unknown }).limit === 'function';
}

/**
 * The vars and secrets of `env` as the strings the app's config reads. wrangler passes a var written as a
 * JSON number or boolean (`"MAX_EXPIRES_IN": 600`, `"ALLOW_UNAUTHENTICATED": true`) as that value, not as
 * a string: those are turned into their text, so they are not silently ignored. Bindings (objects) are left out.
 */
export function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  const vars: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') vars[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
  }
  return vars;
}
