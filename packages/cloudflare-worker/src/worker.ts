// The Worker: builds the tokenfn app once per isolate (per `env`, which workerd passes unchanged to
// every request of an isolate) on the first request, then hands every request to it. Building, refusing
// a configuration and the last-resort 500 are @tokenfn/http's createAppFromEnv; what is Cloudflare's is here.

import type { AppConfig, Logger, TokenfnApp } from '@tokenfn/http';
import { createAppFromEnv, jsonLogger, refuseGatewayOn } from '@tokenfn/http';
import type { WorkerEnv } from './bindings';
import { stringVars } from './bindings';
import { workerCredentialSource } from './credentials';
import { analyticsEngineLogger, METRICS_BINDING } from './metrics';
import { workerRateLimiter } from './rate-limiter';

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx?: unknown): Promise<Response>;
}

export function createWorker(o: { logger?: Logger } = {}): WorkerHandler {
  const logger = o.logger ?? jsonLogger();
  const apps = new WeakMap<object, TokenfnApp>();
  return {
    fetch(request, env) {
      let app = apps.get(env);
      if (app === undefined) {
        app = buildApp(env, logger);
        apps.set(env, app);
      }
      // Cloudflare sets CF-Connecting-IP itself (a client's own value is replaced): failed
      // authentications are rate limited per address.
      const clientIp = request.headers.get('cf-connecting-ip') ?? undefined;
      return app.fetch(request, clientIp ? { clientIp } : undefined);
    },
  };
}

function buildApp(env: WorkerEnv, logger: Logger): TokenfnApp {
  const vars = stringVars(env);
  return createAppFromEnv({
    env: vars,
    // Analytics Engine data points from the log lines when a dataset is bound as METRICS.
    logger: analyticsEngineLogger(logger, env[METRICS_BINDING]),
    check: refuseGateway,
    credentials: () => workerCredentialSource(env),
    // No binding named RATE_LIMITER: no limit; anything else under that name is refused.
    rateLimiter: () => workerRateLimiter(env.RATE_LIMITER, vars['RATE_LIMIT_PERIOD_SECONDS']),
    // late-bound, so the JWKS is fetched with whatever `fetch` the isolate has at that moment
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    // workerd hands over each request body framed by its Content-Length: a small one is read in one call
    framedBodies: true,
  });
}

/** What this platform cannot serve, beyond what loadConfig checks: AUTH_MODE=gateway (no API Gateway here). */
export const refuseGateway: (config: AppConfig) => void = refuseGatewayOn('Cloudflare Workers');
