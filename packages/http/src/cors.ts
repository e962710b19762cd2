// CORS from CORS_ALLOW_ORIGINS: exact origins, or `*` only when configured.
import type { HttpExchangeResponse } from './exchange.js';
import { HttpProblem, problemResponse } from './problem.js';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-API-Key, X-Request-Id';
const EXPOSE_HEADERS = 'X-Request-Id, Retry-After, WWW-Authenticate';

function allowedOrigin(origin: string, allowed: string[]): string | undefined {
  if (allowed.includes(origin)) return origin;
  if (allowed.includes('*')) return '*';
  return undefined;
}

/**
 * With CORS configured, every answer depends on the request's Origin (present or not), so every answer
 * says `Vary: Origin`: a shared cache must not hand one origin's answer (or an answer without
 * Access-Control-Allow-Origin) to another. An existing Vary is kept.
 */
export function varyOnOrigin(headers: Record<string, string>, allowed: string[]): void {
  if (allowed.length === 0) return;
  const vary = headers['Vary'];
  if (vary === undefined || vary.trim() === '') headers['Vary'] = 'Origin';
  else if (!vary.split(',').some((v) => ['origin', '*'].includes(v.trim().toLowerCase()))) {
    headers['Vary'] = `${vary}, Origin`;
  }
}

/** Headers for an actual (non-preflight) response to a request with Origin. */
export function corsHeaders(origin: string, allowed: string[]): [string, string][] {
  if (allowed.length === 0) return [];
  const allow = allowedOrigin(origin, allowed);
  const out: [string, string][] = [];
  if (allow) {
    out.push(['Access-Control-Allow-Origin', allow], ['Access-Control-Expose-Headers', EXPOSE_HEADERS]);
  }
  return out;
}

/** Answers a preflight: 204 with the allowances for an allowed origin, else a 403 problem. */
export function preflight(origin: string, allowed: string[]): HttpExchangeResponse {
  const allow = allowedOrigin(origin, allowed);
  if (!allow) {
    return problemResponse(
      new HttpProblem(403, {
        code: 'ERR_CORS_ORIGIN_NOT_ALLOWED',
        detail: 'This origin is not in CORS_ALLOW_ORIGINS.',
        extra: { reason: 'origin_not_allowed' },
      }),
    );
  }
  return {
    status: 204,
    body: '',
    headers: {
      'Access-Control-Allow-Methods': ALLOW_METHODS,
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      'Access-Control-Max-Age': '600',
      'Cache-Control': 'no-store',
    },
  };
}
