// The Workers rate limiting binding as the app's RateLimiter. The app chooses the key (the verified
// identity: `jwt:<sub>` or `api-key:<sha256 hex>`) and lets a request through, with a log line, if the
// limiter throws; the binding counts per key within its period.
import type { RateLimiter } from '@tokenfn/http';
import { ConfigError } from '@tokenfn/http';
import type { RateLimitBinding } from './bindings';
import { isRateLimitBinding } from './bindings';

const DEFAULT_PERIOD_SECONDS = 60;

/**
 * `RATE_LIMIT_PERIOD_SECONDS` must match the binding's `simple.period`: 10 or 60, written as such (a JSON
 * number or a string; spaces around it are ignored). Anything else, even text that Number() would turn
 * into 10 or 60 (`0x3c`, `6e1`), is refused: it is more likely a mistake than a period.
 */
export function ratePeriodSeconds(value: string | undefined): number {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_PERIOD_SECONDS;
  if (text !== '10' && text !== '60') {
    throw new ConfigError(
      'RATE_LIMIT_PERIOD_SECONDS',
      `must be 10 or 60 (the rate limiting binding's period), got ${JSON.stringify(value)}`,
    );
  }
  return Number(text);
}

/**
 * The app's RateLimiter from `env.RATE_LIMITER` and `RATE_LIMIT_PERIOD_SECONDS`: undefined (no limit) when
 * nothing is bound under that name. The period is checked either way, and something bound under the name
 * that is not a rate limiting binding (a var, another kind of binding) is refused rather than leaving the
 * Worker without the limit its operator meant to have.
 */
export function workerRateLimiter(binding: unknown, period: string | undefined): RateLimiter | undefined {
  const periodSeconds = ratePeriodSeconds(period);
  if (binding === undefined || binding === null) return undefined;
  if (!isRateLimitBinding(binding)) {
    throw new ConfigError(
      'RATE_LIMITER',
      'is set but is not a rate limiting binding: declare it in "ratelimits" of wrangler.jsonc, or remove it for no limit',
    );
  }
  return bindingRateLimiter(binding, periodSeconds);
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
