// The rate limiting binding (real, from miniflare) behind the app's RateLimiter interface.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { RateLimitBinding } from '../src/bindings';
import { bindingRateLimiter, ratePeriodSeconds } from '../src/rate-limiter';
import { TIGHT_LIMIT, TIGHT_PERIOD } from './bindings.config';
import { startOfFreshWindow } from './helpers';

const binding = (env as unknown as { TIGHT_RATE_LIMITER: RateLimitBinding }).TIGHT_RATE_LIMITER;

describe('bindingRateLimiter', () => {
  it('lets TIGHT_LIMIT requests of one key through, then refuses with the period as Retry-After', async () => {
    await startOfFreshWindow(TIGHT_PERIOD);
    const limiter = bindingRateLimiter(binding, TIGHT_PERIOD);
    const key = `adapter-${crypto.randomUUID()}`;
    const results = [];
    for (let i = 0; i < TIGHT_LIMIT + 2; i++) results.push(await limiter.limit(key));
    expect(results.slice(0, TIGHT_LIMIT).every((r) => r.success)).toBe(true);
    expect(results.slice(TIGHT_LIMIT)).toEqual([
      { success: false, retryAfterSeconds: TIGHT_PERIOD },
      { success: false, retryAfterSeconds: TIGHT_PERIOD },
    ]);
    // another key has its own budget
    expect(await limiter.limit(`${key}-other`)).toEqual({ success: true });
  });

  it('takes the period from RATE_LIMIT_PERIOD_SECONDS: 10 or 60, default 60', () => {
    expect(ratePeriodSeconds(undefined)).toBe(60);
    expect(ratePeriodSeconds('')).toBe(60);
    expect(ratePeriodSeconds('10')).toBe(10);
    expect(ratePeriodSeconds('60')).toBe(60);
    expect(() => ratePeriodSeconds('30')).toThrow(/RATE_LIMIT_PERIOD_SECONDS: must be 10 or 60/);
  });
});
