// The node:http adapter (`@tokenfn/http/node`): IncomingMessage -> the app's exchange -> ServerResponse,
// straight, without building a Web Request or Response (on Node, the first of those loads the fetch
// implementation, and every one costs more than the token it carries). The local server and any
// `(req, res)` host (Cloud Run functions, Express mounts) use it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRequestContext, TokenfnApp } from './app.js';
import { MAX_BODY_BYTES } from './config.js';
import { type HttpExchangeRequest, type HttpExchangeResponse, sendsNoBody } from './exchange.js';

/** An exchange and whether the client sent more body than was read (then the connection is closed). */
export interface NodeExchange {
  exchange: HttpExchangeRequest;
  /** true when the body was cut at `maxBodyBytes + 1` bytes: the rest is unread */
  truncated: boolean;
}

/**
 * The exchange of a node:http request. The body is read up to `maxBodyBytes + 1` bytes and no further
 * (enough for the app to answer 413; a client cannot make the server buffer more). Header names are
 * lower-case as Node gives them; Node joins repeated headers (a `Cookie` with `; `) and keeps the first of
 * those that may appear once. `readBody` is the body when the host has already consumed the stream.
 *
 * @example
 * const { exchange } = await exchangeFromIncomingMessage(req, 8192);
 */
export async function exchangeFromIncomingMessage(
  req: IncomingMessage,
  maxBodyBytes: number = MAX_BODY_BYTES,
  readBody?: Uint8Array,
): Promise<NodeExchange> {
  const { path, query } = splitTarget(req.url ?? '/');
  const headers: Record<string, string> = {};
  const given = req.headers;
  for (const name in given) {
    const value = given[name];
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : value.join(', ');
  }
  const method = req.method ?? 'GET';
  const hasBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
  // A body the host has already read (functions-framework's req.rawBody) is all there is: nothing is unread.
  const { body, truncated } = readBody
    ? { body: readBody.subarray(0, maxBodyBytes + 1), truncated: false }
    : hasBody
      ? await readIncomingAtMost(req, maxBodyBytes + 1)
      : { body: null, truncated: false };
  return { exchange: { method, path, query, headers, body }, truncated };
}

/**
 * The request target as path and query. Origin-form (`/a?b`) is the rule; an absolute-form target
 * (`http://host/a?b`, sent to proxies) gives its path and query; anything else (`*`) a path no route has.
 */
function splitTarget(target: string): { path: string; query: string } {
  let t = target;
  if (!t.startsWith('/')) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(t);
    t = scheme ? t.slice(scheme[0].length) || '/' : `/${t}`;
    if (!t.startsWith('/')) t = `/${t}`;
  }
  // A `#` cannot start a fragment in a request target: it is data, kept in its percent-encoded form.
  t = t.replaceAll('#', '%23');
  const q = t.indexOf('?');
  return q < 0 ? { path: t, query: '' } : { path: t.slice(0, q), query: t.slice(q + 1) };
}

/**
 * The bytes of a node:http message (a request, or a client's response), at most `limit` of them: at the
 * limit the stream is paused and `truncated` is true, so a sender cannot make the reader buffer more.
 */
export function readIncomingAtMost(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (truncated: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      // One chunk (a small body, the usual case) is used as it is; several are joined, cut at the limit.
      const only = chunks.length === 1 && total <= limit ? chunks[0] : undefined;
      const all = only ?? Buffer.concat(chunks, Math.min(total, limit));
      resolve({ body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength), truncated });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.byteLength;
      if (total >= limit) {
        req.pause();
        done(true);
      }
    };
    const onEnd = () => done(false);
    const onError = (error: Error) => reject(error);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Writes the app's answer: status, headers and the text body with its Content-Length (none for `HEAD`,
 * 204 and 304). `close` asks the client to close the connection (a body was left unread).
 */
export function writeExchangeResponse(
  res: ServerResponse,
  response: HttpExchangeResponse,
  method: string,
  close = false,
): void {
  const noBody = sendsNoBody(method, response.status);
  const headers: Record<string, string> = { ...response.headers };
  if (response.status !== 204 && response.status !== 304) {
    headers['Content-Length'] = String(Buffer.byteLength(response.body));
  }
  if (close) headers['Connection'] = 'close';
  res.writeHead(response.status, headers);
  res.end(noBody ? undefined : response.body);
}

export interface NodeHandlerOptions {
  /** Body bytes read at most, plus one (default the app's limit, 8 KiB) */
  maxBodyBytes?: number;
  /** Per request: answer without the app (e.g. a Host check), or undefined to go on to the app. */
  intercept?: (exchange: HttpExchangeRequest) => HttpExchangeResponse | undefined;
  /** Per request: the context handed to the app (e.g. an identity established by the host). */
  context?: (req: IncomingMessage) => AppRequestContext | undefined;
  /**
   * Per request: the body when the host has already read the stream (functions-framework's
   * `req.rawBody`), or undefined to read it from the stream.
   */
  body?: (req: IncomingMessage) => Uint8Array | undefined;
}

/**
 * A `(req, res)` listener that serves the app. It never throws: a request whose body cannot be read is
 * dropped (the client went away), and a body left unread closes the connection after the answer.
 *
 * @example
 * createServer(toNodeListener(createAppFromEnv({ ... }))).listen(8787);
 */
export function toNodeListener(
  app: TokenfnApp,
  o: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const max = o.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req, res) => {
    void (async () => {
      let read: NodeExchange;
      try {
        read = await exchangeFromIncomingMessage(req, max, o.body?.(req));
      } catch {
        req.destroy();
        return;
      }
      const { exchange, truncated } = read;
      const ctx = o.context?.(req);
      const response = o.intercept?.(exchange) ?? (await app.handle(exchange, ctx));
      if (res.destroyed) return;
      writeExchangeResponse(res, response, exchange.method, truncated);
      // The rest of a cut body is not waited for: Node ends the connection after a `Connection: close`
      // answer, and a client that keeps sending is cut off a second later.
      if (truncated) res.on('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
    })().catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end();
      } else res.destroy();
    });
  };
}
