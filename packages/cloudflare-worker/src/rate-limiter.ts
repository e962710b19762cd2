// The Workers rate limiting binding as the app's RateLimiter. The app chooses the key (the verified
// identity: `jwt:<sub>` or `api-key:<sha256 hex>`) and lets a request through, with a log line, if the
// limiter throws; the binding counts per key within its period.
import type { RateLimiter } from '@tokenfn/http';
import { ConfigError } from '@tokenfn/http';
import type { RateLimitBinding } from './bindings';

const DEFAULT_PERIOD_SECONDS = 60;

/** `RATE_LIMIT_PERIOD_SECONDS` must match the binding's `simple.period`: 10 or 60. */
export function ratePeriodSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PERIOD_SECONDS;
  const n = Number(value);
  if (n !== 10 && n !== 60) {
    throw new ConfigError(
      'RATE_LIMIT_PERIOD_SECONDS',
      `must be 10 or 60 (the rate limiting binding's period), got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** The binding does not say when its window resets, so a refusal asks the client to wait one period. */
export function bindingRateLimiter(binding: RateLimitBinding, periodSeconds: number): RateLimiter {
  return {
    async limit(key: string) {
      const { success } = await binding.limit({ key });
      return success ? { success: true } : { success: false, retryAfterSeconds: periodSeconds };
    },
  };
}
