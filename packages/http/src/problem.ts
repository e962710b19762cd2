// The one error model of the HTTP application: every failure becomes an HttpProblem and is
// rendered here, as RFC 9457 application/problem+json, with a stable `code`.
import type { HttpExchangeResponse } from './exchange.js';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemInit {
  code: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** extra members of the problem object (e.g. `reason` of a policy denial) */
  extra?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(status: number, init: ProblemInit) {
    super(init.detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extra = init.extra ?? {};
  }
}

export function problemBody(p: HttpProblem): Record<string, unknown> {
  const body: Record<string, unknown> = {
    // `about:blank` (RFC 9457): the problem is what its HTTP status says, the title is that status's
    // phrase, and `code` is the stable, machine-readable kind. No URI that resolves nowhere.
    type: 'about:blank',
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    detail: p.detail,
    code: p.code,
    ...p.extra,
  };
  if (p.errors) body['errors'] = p.errors;
  return body;
}

export function problemResponse(p: HttpProblem): HttpExchangeResponse {
  return {
    status: p.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...p.headers },
    body: JSON.stringify(problemBody(p)),
  };
}

// Constructors for the problems the app raises, so codes are spelled in one place.
export const problems = {
  invalidJson: (detail = 'The request body is not valid JSON.') =>
    new HttpProblem(400, { code: 'ERR_INVALID_JSON', detail, errors: [{ path: '', message: detail }] }),
  invalidFields: (errors: FieldError[]) =>
    new HttpProblem(400, {
      code: 'ERR_INVALID_FIELDS',
      detail: `Invalid request: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`,
      errors,
    }),
  unauthenticated: (detail: string, wwwAuthenticate: string, code = 'ERR_UNAUTHENTICATED') =>
    new HttpProblem(401, { code, detail, headers: { 'WWW-Authenticate': wwwAuthenticate } }),
  forbidden: (reason: string, detail: string) =>
    new HttpProblem(403, { code: 'ERR_FORBIDDEN', detail, extra: { reason } }),
  notFound: () => new HttpProblem(404, { code: 'ERR_NOT_FOUND', detail: 'There is no such route.' }),
  methodNotAllowed: (method: string, allow: string[]) =>
    new HttpProblem(405, {
      code: 'ERR_METHOD_NOT_ALLOWED',
      detail: `Method ${safeToken(method)} is not allowed here; use ${allow.join(' or ')}.`,
      headers: { Allow: allow.join(', ') },
    }),
  tooLarge: (limit: number) =>
    new HttpProblem(413, {
      code: 'ERR_BODY_TOO_LARGE',
      detail: `The request body is larger than ${limit} bytes.`,
    }),
  unsupportedMediaType: () =>
    new HttpProblem(415, {
      code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
      detail: 'The request body must be JSON (Content-Type: application/json).',
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new HttpProblem(429, {
      code: 'ERR_RATE_LIMITED',
      detail: `Too many requests; retry after ${retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  unavailable: (code: string, detail: string, retryAfterSeconds: number) =>
    new HttpProblem(503, { code, detail, headers: { 'Retry-After': String(retryAfterSeconds) } }),
  internal: () =>
    new HttpProblem(500, { code: 'ERR_INTERNAL', detail: 'The server could not complete the request.' }),
};

function safeToken(s: string): string {
  return s.slice(0, 20).replace(/[^A-Za-z0-9_-]/g, '?');
}
