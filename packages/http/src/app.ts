// createApp: the whole HTTP application on its own exchange (and on Request -> Response through the fetch
// adapter), on Web-standard APIs only.
import { TokenInputError } from '@tokenfn/core';
import type { Authenticator } from './auth/index.js';
import { createAuthenticator } from './auth/index.js';
import { withoutField } from './body.js';
import type { AppConfig } from './config.js';
import { corsHeaders, preflight, varyOnOrigin } from './cors.js';
import type { CredentialSource } from './credentials.js';
import { CredentialsUnavailableError, guardedCredentials } from './credentials.js';
import type { HttpExchangeRequest, HttpExchangeResponse } from './exchange.js';
import { exchangeFromRequest, responseFromExchange } from './fetch.js';
import type { AppRequestContext, Identity } from './identity.js';
import type { Logger } from './logger.js';
import { jsonLogger } from './logger.js';
import { PolicyDenial } from './policy.js';
import { HttpProblem, problemResponse, problems } from './problem.js';
import { logMethod, requestIdFor } from './request-id.js';
import type { RequestLog } from './router.js';
import { Router } from './router.js';
import { registerCompatRoutes } from './routes/compat.js';
import { registerOpsRoutes } from './routes/ops.js';
import { routesFor } from './routes/table.js';
import { registerV1Routes } from './routes/v1.js';

export interface RateLimiter {
  limit(key: string): Promise<{ success: boolean; retryAfterSeconds?: number }>;
}

export interface CreateAppOptions {
  config: AppConfig;
  credentials: CredentialSource;
  /** default: jsonLogger() (one JSON line per entry on console.log) */
  logger?: Logger;
  /** ms since the epoch; default Date.now */
  clock?: () => number;
  /** a monotonic clock in ms for each request's latency; default performance.now */
  timer?: () => number;
  /** token salt source; default: the token library's crypto-random salt */
  salt?: () => number;
  rateLimiter?: RateLimiter;
  /** fetch used for the JWKS (tests, workerd) */
  fetch?: typeof fetch;
}

export type { AppRequestContext } from './identity.js';

export interface TokenfnApp {
  /** The app on its own plain-data exchange: what the Node and Lambda adapters call. Never rejects. */
  handle(request: HttpExchangeRequest, ctx?: AppRequestContext): Promise<HttpExchangeResponse>;
  /** The same app on Web `Request`/`Response` (the fetch adapter over `handle`). */
  fetch(request: Request, ctx?: AppRequestContext): Promise<Response>;
}

const CREDENTIALS_RETRY_AFTER = 5;

const performanceNow = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function createApp(o: CreateAppOptions): TokenfnApp {
  const { config } = o;
  const credentials = guardedCredentials(o.credentials);
  const logger = o.logger ?? jsonLogger();
  const now = o.timer ?? performanceNow;
  const clock = o.clock ?? Date.now;
  const authDeps: { fetch?: typeof fetch; clock: () => number } = { clock };
  if (o.fetch) authDeps.fetch = o.fetch;
  const authenticate: Authenticator = createAuthenticator(config, authDeps);
  const limiter = o.rateLimiter;

  /** Counts one request under `key`; throws the 429 when the limiter says no (a failing limiter allows). */
  const enforceLimit = async (key: string): Promise<void> => {
    if (!limiter) return;
    let verdict: { success: boolean; retryAfterSeconds?: number } | undefined;
    try {
      verdict = await limiter.limit(key);
    } catch (err) {
      // An unavailable limiter does not take token issuance down with it.
      logger.warn({
        message: 'rate limiter failed; request allowed',
        error: (err as Error)?.name ?? 'Error',
      });
    }
    if (verdict && !verdict.success) {
      // Whole seconds, at least 1; a limiter's NaN, Infinity or absurd figure is no wait a client can use.
      const asked = verdict.retryAfterSeconds;
      const after = Number.isFinite(asked) ? Math.min(86_400, Math.max(1, Math.ceil(asked!))) : 1;
      throw problems.rateLimited(after);
    }
  };

  const guard = async (
    request: HttpExchangeRequest,
    ctx: AppRequestContext | undefined,
    log: RequestLog,
  ): Promise<Identity> => {
    let identity: Identity;
    try {
      identity = await authenticate(request, ctx?.gatewayIdentity);
    } catch (err) {
      // Failed authentications count per client address: guessing keys or replaying bad tokens is
      // answered 429 once the limit is reached, whatever the next attempt carries.
      if (err instanceof HttpProblem && err.status === 401 && ctx?.clientIp) {
        await enforceLimit(`auth-failure:${ctx.clientIp}`);
      }
      throw err;
    }
    if (identity.subject !== undefined) log.subject = identity.subject;
    await enforceLimit(identity.rateLimitKey);
    return identity;
  };

  const router = new Router(guard, routesFor(config));
  const issueDeps = { config, credentials, clock, ...(o.salt ? { salt: o.salt } : {}) };
  registerOpsRoutes(router, {
    credentials,
    compatRoutes: config.compatRoutes,
    authMode: config.authMode,
    policy: config.policy,
  });
  registerV1Routes(router, issueDeps);
  if (config.compatRoutes) registerCompatRoutes(router, issueDeps);
  router.finish();

  /** Every failure becomes a problem here, and nothing internal leaks into a 500. */
  const toProblem = (err: unknown, log: RequestLog): HttpProblem => {
    if (err instanceof HttpProblem) return err;
    if (err instanceof PolicyDenial) {
      log.reason = err.reason;
      return problems.forbidden(err.reason, err.detail);
    }
    if (err instanceof CredentialsUnavailableError) {
      logger.error({ message: 'credentials unavailable', code: err.code, reason: err.message });
      return problems.unavailable(
        err.code,
        err.code === 'ERR_CREDENTIALS_MALFORMED'
          ? 'The Agora credentials configured for this deployment are malformed; see the server log.'
          : 'The Agora credentials could not be loaded; try again shortly.',
        CREDENTIALS_RETRY_AFTER,
      );
    }
    if (err instanceof TokenInputError) {
      if (err.field === 'appId' || err.field === 'appCertificate') {
        logger.error({
          message: 'credentials unavailable',
          code: 'ERR_CREDENTIALS_MALFORMED',
          reason: `invalid ${err.field}`,
        });
        return problems.unavailable(
          'ERR_CREDENTIALS_MALFORMED',
          'The Agora credentials configured for this deployment are malformed; see the server log.',
          CREDENTIALS_RETRY_AFTER,
        );
      }
      return problems.invalidFields([{ path: err.field, message: withoutField(err.message, err.field) }]);
    }
    const name = err instanceof Error ? err.name : typeof err;
    logger.error({
      message: 'unexpected error',
      error: name,
      code: (err as { code?: unknown })?.code,
      route: log.route,
    });
    return problems.internal();
  };

  const handle = async (
    request: HttpExchangeRequest,
    ctx?: AppRequestContext,
  ): Promise<HttpExchangeResponse> => {
    const started = now();
    const requestId = requestIdFor(request.headers);
    const log: RequestLog = {};
    const origin = request.headers['origin'];
    let response: HttpExchangeResponse;
    try {
      if (
        request.method === 'OPTIONS' &&
        origin !== undefined &&
        'access-control-request-method' in request.headers
      ) {
        log.route = 'preflight';
        response = preflight(origin, config.corsAllowOrigins);
      } else {
        response = await router.dispatch(request, ctx, log);
      }
    } catch (err) {
      const p = toProblem(err, log);
      log.code = p.code;
      response = problemResponse(p);
    }
    const headers = response.headers;
    headers['X-Request-Id'] = requestId;
    varyOnOrigin(headers, config.corsAllowOrigins);
    if (origin !== undefined) {
      for (const [k, v] of corsHeaders(origin, config.corsAllowOrigins)) headers[k] = v;
    }
    const entry: Record<string, unknown> = {
      message: 'request',
      requestId,
      method: logMethod(request.method),
      route: log.route ?? null,
      status: response.status,
      latencyMs: Math.round((now() - started) * 100) / 100,
    };
    if (log.subject !== undefined) entry['subject'] = log.subject;
    if (log.tokenType !== undefined) entry['tokenType'] = log.tokenType;
    if (log.channel !== undefined) entry['channel'] = log.channel;
    if (log.app !== undefined) entry['app'] = log.app;
    if (log.code !== undefined) entry['code'] = log.code;
    if (log.reason !== undefined) entry['reason'] = log.reason;
    if (response.status >= 500) logger.error(entry);
    else logger.info(entry);
    return response;
  };

  const maxBody = config.maxBodyBytes;
  return {
    handle,
    fetch: async (request, ctx) =>
      responseFromExchange(await handle(await exchangeFromRequest(request, maxBody), ctx), request.method),
  };
}
