// The Workers rate limiting binding as the app's RateLimiter. The app chooses the key (the verified
// identity: JWT subject or API-key hash); the binding counts per key within its period.
import type { Logger, RateLimiter } from '@tokenfn/core/http';
import type { RateLimitBinding } from './bindings';

const DEFAULT_PERIOD_SECONDS = 60;

/** `RATE_LIMIT_PERIOD_SECONDS` must match the binding's `simple.period`: 10 or 60. */
export function ratePeriodSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PERIOD_SECONDS;
  const n = Number(value);
  if (n !== 10 && n !== 60) {
    throw new Error(
      `RATE_LIMIT_PERIOD_SECONDS must be 10 or 60 (the binding's period), got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/**
 * A binding that fails (it should not) lets the request through and logs: rate limiting protects the
 * service, it must not take it down.
 */
export function bindingRateLimiter(
  binding: RateLimitBinding,
  periodSeconds: number,
  logger: Logger,
): RateLimiter {
  return {
    async limit(key: string) {
      try {
        const { success } = await binding.limit({ key });
        return success ? { success: true } : { success: false, retryAfterSeconds: periodSeconds };
      } catch (err) {
        logger.warn({ event: 'rate_limiter_failed', error: errorName(err) });
        return { success: true };
      }
    },
  };
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
