// The Web-standard adapter: Request -> the app's exchange -> Response, for Workers, Deno, Bun and any
// runtime whose server speaks Fetch. Node's and Lambda's adapters translate into the exchange directly.
import { type HttpExchangeRequest, type HttpExchangeResponse, sendsNoBody } from './exchange.js';

export interface FetchExchangeOptions {
  /**
   * The runtime delivers every request body framed by its Content-Length, as workerd, Deno.serve and
   * Bun.serve do for the requests they receive (never more bytes than the header says). A body that
   * declares a length within the limit is then read in one call; any other is read by the capped reader.
   * Leave it off where a `Request` may be built by hand from a stream, with a header that need not match.
   */
  framedBodies?: boolean;
}

/**
 * The exchange of a Web `Request`. The body is read up to `maxBodyBytes + 1` bytes and no further: that is
 * enough for the app to answer 413, and a client cannot make the adapter buffer more.
 *
 * @example
 * const exchange = await exchangeFromRequest(new Request('https://t.example/healthz'), 8192);
 * exchange.path; // '/healthz'
 */
export async function exchangeFromRequest(
  request: Request,
  maxBodyBytes: number,
  o: FetchExchangeOptions = {},
): Promise<HttpExchangeRequest> {
  const url = request.url;
  // Request.url is absolute and serialised: scheme://authority/path?query#fragment
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  let end = url.indexOf('#', pathStart);
  if (end < 0) end = url.length;
  const q = url.indexOf('?', pathStart);
  const path = pathStart < 0 ? '/' : url.slice(pathStart, q >= 0 && q < end ? q : end);
  const query = q >= 0 && q < end ? url.slice(q + 1, end) : '';
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // The capped reader unless the runtime frames bodies (a hand-built Request from a stream need not match
  // its header): then a declared length within the limit is all there is, read in one call, without
  // touching `request.body` (a runtime may build the stream object only when it is asked for).
  const declared = o.framedBodies ? declaredLength(headers) : undefined;
  return {
    method: request.method,
    path,
    query,
    headers,
    body:
      declared !== undefined && declared <= maxBodyBytes
        ? new Uint8Array(await request.arrayBuffer())
        : await readAtMost(request.body, maxBodyBytes + 1),
  };
}

/** A Content-Length of decimal digits, on a body with no Transfer-Encoding; otherwise undefined. */
function declaredLength(headers: Record<string, string>): number | undefined {
  const value = headers['content-length'];
  if (value === undefined || headers['transfer-encoding'] !== undefined || !/^\d{1,10}$/.test(value)) {
    return undefined;
  }
  return Number(value);
}

/**
 * The bytes of a Web stream, at most `limit` of them: once they are read the stream is cancelled, so a
 * sender cannot make the reader buffer more. `null` for no stream.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (body === null) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  if (chunks.length === 1) return chunks[0]!.subarray(0, limit);
  const out = new Uint8Array(Math.min(total, limit));
  let off = 0;
  for (const c of chunks) {
    if (off >= out.length) break;
    const part = c.subarray(0, out.length - off);
    out.set(part, off);
    off += part.byteLength;
  }
  return out;
}

/**
 * The Web `Response` of an exchange answer.
 *
 * @example
 * responseFromExchange({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' });
 */
export function responseFromExchange(r: HttpExchangeResponse, method = 'GET'): Response {
  return new Response(sendsNoBody(method, r.status) ? null : r.body, {
    status: r.status,
    headers: r.headers,
  });
}
