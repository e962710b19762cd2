// The routing layer on Hono: the route table's entries with their handlers; 405 and 404 come from here.
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import type { GatewayIdentity, Identity } from './identity.js';
import { problems } from './problem.js';
import type { RouteDefinition, RouteId } from './routes/table.js';

/** Facts about one request that end up in its log line. Never a secret. */
export interface RequestLog {
  route?: string;
  subject?: string;
  tokenType?: string;
  channel?: string;
  code?: string;
}

export interface HandlerContext {
  request: Request;
  params: Record<string, string>;
  query(name: string): string | undefined;
  /** set when the route is protected */
  identity: Identity;
  log: RequestLog;
}

export type Handler = (ctx: HandlerContext) => Promise<Response> | Response;

export type Guard = (
  request: Request,
  gateway: GatewayIdentity | undefined,
  log: RequestLog,
) => Promise<Identity>;

export interface HonoEnv {
  Bindings: { gatewayIdentity: GatewayIdentity | undefined; log: RequestLog };
}

const ANONYMOUS: Identity = { mode: 'none', rateLimitKey: 'anonymous' };

export class Router {
  readonly hono = new Hono<HonoEnv>();
  private readonly handlers = new Map<RouteId, Handler>();
  private finished = false;

  constructor(
    private readonly guard: Guard,
    private readonly routes: readonly RouteDefinition[],
  ) {}

  /** The handler of one route of the table; the table says its method, path and whether it is guarded. */
  handle(id: RouteId, handler: Handler): void {
    this.handlers.set(id, handler);
  }

  /** After all handlers: registers the table's routes; every other method on a known path is a 405 with Allow. */
  finish(): Hono<HonoEnv> {
    if (this.finished) return this.hono;
    this.finished = true;
    const allowed = new Map<string, string[]>();
    for (const route of this.routes) {
      const handler = this.handlers.get(route.id);
      if (!handler) throw new Error(`route ${route.id} (${route.method} ${route.path}) has no handler`);
      const run = async (c: Context<HonoEnv>) => {
        const log = c.env.log;
        log.route = route.path;
        const identity = route.auth ? await this.guard(c.req.raw, c.env.gatewayIdentity, log) : ANONYMOUS;
        return handler({
          request: c.req.raw,
          params: c.req.param() as Record<string, string>,
          query: (name) => c.req.query(name),
          identity,
          log,
        });
      };
      for (const p of route.trailingSlash ? [route.path, `${route.path}/`] : [route.path]) {
        this.hono.on(route.method, p, run);
        const list = allowed.get(p) ?? [];
        list.push(route.method);
        if (route.method === 'GET') list.push('HEAD');
        allowed.set(p, list);
      }
    }
    for (const [p, methods] of allowed) {
      this.hono.all(p, (c) => {
        c.env.log.route = p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
        throw problems.methodNotAllowed(c.req.method, methods);
      });
    }
    return this.hono;
  }
}
