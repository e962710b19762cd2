// The routing layer on Hono: routes register handlers with their auth needs; 405 and 404 come from here.
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import type { GatewayIdentity, Identity } from './identity.js';
import { problems } from './problem.js';

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

export interface RouteOptions {
  /** authenticate (and rate-limit) before the handler runs */
  protected: boolean;
  /** also answer the path with a trailing slash (agora-token-service style) */
  trailingSlash?: boolean;
}

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
  private readonly allowed = new Map<string, string[]>();
  private finished = false;

  constructor(private readonly guard: Guard) {}

  get(path: string, handler: Handler, o: RouteOptions): void {
    this.add('GET', path, handler, o);
  }

  post(path: string, handler: Handler, o: RouteOptions): void {
    this.add('POST', path, handler, o);
  }

  private add(method: 'GET' | 'POST', path: string, handler: Handler, o: RouteOptions): void {
    const paths = o.trailingSlash ? [path, `${path}/`] : [path];
    for (const p of paths) {
      const run = async (c: Context<HonoEnv>) => {
        const log = c.env.log;
        log.route = path;
        const identity = o.protected ? await this.guard(c.req.raw, c.env.gatewayIdentity, log) : ANONYMOUS;
        return handler({
          request: c.req.raw,
          params: c.req.param() as Record<string, string>,
          query: (name) => c.req.query(name),
          identity,
          log,
        });
      };
      if (method === 'GET') this.hono.get(p, run);
      else this.hono.post(p, run);
      const list = this.allowed.get(p) ?? [];
      list.push(method);
      if (method === 'GET') list.push('HEAD');
      this.allowed.set(p, list);
    }
  }

  /** After all routes: every other method on a known path is a 405 with Allow. */
  finish(): Hono<HonoEnv> {
    if (!this.finished) {
      this.finished = true;
      for (const [p, methods] of this.allowed) {
        this.hono.all(p, (c) => {
          c.env.log.route = p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
          throw problems.methodNotAllowed(c.req.method, methods);
        });
      }
    }
    return this.hono;
  }
}
