// The routing layer: the route table's entries with their handlers, matched by rou3 (a small radix router);
// 405 with Allow and 404 come from here.
import { addRoute, createRouter, findRoute, type RouterContext } from 'rou3';
import type { HttpExchangeRequest, HttpExchangeResponse } from './exchange.js';
import type { AppRequestContext, Identity } from './identity.js';
import { problems } from './problem.js';
import type { RouteDefinition, RouteId } from './routes/table.js';

/** Facts about one request that end up in its log line. Never a secret. */
export interface RequestLog {
  route?: string;
  subject?: string;
  tokenType?: string;
  channel?: string;
  /** the name of the app that signed the token (never its certificate) */
  app?: string;
  code?: string;
  /** a 403's denial reason (one of policy's DenialReason values, never caller input) */
  reason?: string;
}

export interface HandlerContext {
  request: HttpExchangeRequest;
  /** path parameters, percent-decoded */
  params: Record<string, string>;
  /** the first value of a query parameter */
  query(name: string): string | undefined;
  /** the caller's identity on an authenticated route; anonymous on the others */
  identity: Identity;
  log: RequestLog;
}

export type Handler = (ctx: HandlerContext) => Promise<HttpExchangeResponse> | HttpExchangeResponse;

export type Guard = (
  request: HttpExchangeRequest,
  ctx: AppRequestContext | undefined,
  log: RequestLog,
) => Promise<Identity>;

const ANONYMOUS: Identity = { mode: 'none', rateLimitKey: 'anonymous' };

interface Entry {
  route: RouteDefinition;
  handler: Handler;
}

/** One path of the table: its routes by method, and the methods to list in a 405's Allow. */
interface PathEntry {
  byMethod: Map<string, Entry>;
  allow: string[];
  /** the first route on the path, which says what the path is (its template, its trailing slash) */
  first: RouteDefinition;
}

export class Router {
  private readonly handlers = new Map<RouteId, Handler>();
  private matcher: RouterContext<PathEntry> | undefined;

  constructor(
    private readonly guard: Guard,
    private readonly routes: readonly RouteDefinition[],
  ) {}

  /** The handler of one route of the table; the table says its method, path and whether it is guarded. */
  handle(id: RouteId, handler: Handler): void {
    this.handlers.set(id, handler);
  }

  /**
   * After all handlers: every route of the table must have one. Each path goes into the matcher once,
   * for any method, with its routes by method: a request finds its path in one lookup, and a method the
   * path does not serve is answered 405 from the same entry.
   */
  finish(): void {
    const matcher = createRouter<PathEntry>();
    const paths = new Map<string, PathEntry>();
    for (const route of this.routes) {
      const handler = this.handlers.get(route.id);
      if (!handler) throw new Error(`route ${route.id} (${route.method} ${route.path}) has no handler`);
      let entry = paths.get(route.path);
      if (!entry) {
        entry = { byMethod: new Map(), allow: [], first: route };
        paths.set(route.path, entry);
        addRoute(matcher, '', route.path, entry);
      }
      entry.byMethod.set(route.method, { route, handler });
      entry.allow.push(route.method);
      if (route.method === 'GET') entry.allow.push('HEAD');
    }
    this.matcher = matcher;
  }

  async dispatch(
    request: HttpExchangeRequest,
    ctx: AppRequestContext | undefined,
    log: RequestLog,
  ): Promise<HttpExchangeResponse> {
    if (!this.matcher) throw new Error('Router.finish() was not called');
    const match = findRoute(this.matcher, '', request.path);
    // rou3 ignores a trailing slash; only the routes that say so answer with one.
    if (
      !match ||
      (request.path.length > 1 && request.path.endsWith('/') && !match.data.first.trailingSlash)
    ) {
      throw problems.notFound();
    }
    const { byMethod, allow, first } = match.data;
    log.route = first.path;
    const entry = byMethod.get(request.method === 'HEAD' ? 'GET' : request.method);
    // any other method on the path: answered 405 before any authentication
    if (!entry) throw problems.methodNotAllowed(request.method, allow);
    const { route, handler } = entry;
    const params = decodeParams(match.params);
    let search: URLSearchParams | undefined;
    const identity = route.auth ? await this.guard(request, ctx, log) : ANONYMOUS;
    return handler({
      request,
      params,
      query: (name) => {
        search ??= new URLSearchParams(request.query);
        return search.get(name) ?? undefined;
      },
      identity,
      log,
    });
  }
}

/** Percent-decoded parameters; a malformed escape stays as it was sent. */
function decodeParams(raw: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const [k, v] of Object.entries(raw)) {
    try {
      out[k] = v.includes('%') ? decodeURIComponent(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
