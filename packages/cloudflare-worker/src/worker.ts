// The Worker: builds the tokenfn app once per isolate (per `env`, which workerd passes unchanged to
// every request of an isolate) on the first request, then hands every request to it.

import type { Logger, RateLimiter } from '@tokenfn/core/http';
import { cachedCredentials, createApp, jsonLogger, loadConfig } from '@tokenfn/core/http';
import type { WorkerEnv } from './bindings';
import { isRateLimitBinding, stringVars } from './bindings';
import { configErrorResponse, internalErrorResponse } from './config-error';
import { workerCredentialSource } from './credentials';
import { bindingRateLimiter, ratePeriodSeconds } from './rate-limiter';

type App = ReturnType<typeof createApp>;
type Built = { app: App } | { error: string };

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx?: unknown): Promise<Response>;
}

export const GATEWAY_REFUSED =
  'AUTH_MODE=gateway is not supported on Cloudflare Workers: no API Gateway authorizer verifies requests ' +
  'in front of a Worker. Use AUTH_MODE=jwt (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE) or AUTH_MODE=api-key (API_KEY_HASHES).';

export function createWorker(o: { logger?: Logger } = {}): WorkerHandler {
  const logger = o.logger ?? jsonLogger();
  const built = new WeakMap<object, Built>();
  return {
    async fetch(request, env) {
      let b = built.get(env);
      if (b === undefined) {
        b = build(env, logger);
        built.set(env, b);
      }
      if ('error' in b) {
        logger.error({ message: 'configuration invalid', reason: b.error });
        return configErrorResponse();
      }
      try {
        return await b.app.fetch(request);
      } catch (err) {
        logger.error({ message: 'unhandled error', error: err instanceof Error ? err.name : typeof err });
        return internalErrorResponse();
      }
    },
  };
}

function build(env: WorkerEnv, logger: Logger): Built {
  try {
    const vars = stringVars(env);
    delete vars['AGORA_APP_CERTIFICATE']; // read only by the credential source
    if (vars['AUTH_MODE']?.trim().toLowerCase() === 'gateway') throw new Error(GATEWAY_REFUSED);
    const config = loadConfig(vars);
    const credentials = cachedCredentials(workerCredentialSource(env), {
      cacheSeconds: config.secretCacheSeconds,
      maxStaleSeconds: config.secretMaxStaleSeconds,
      logger,
    });
    const rateLimiter: RateLimiter | undefined = isRateLimitBinding(env.RATE_LIMITER)
      ? bindingRateLimiter(env.RATE_LIMITER, ratePeriodSeconds(vars['RATE_LIMIT_PERIOD_SECONDS']))
      : undefined;
    const app = createApp({
      config,
      credentials,
      logger,
      ...(rateLimiter ? { rateLimiter } : {}),
      // late-bound, so the JWKS is fetched with whatever `fetch` the isolate has at that moment
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    });
    logger.info({ message: 'app initialised', authMode: config.authMode, rateLimit: Boolean(rateLimiter) });
    return { app };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
