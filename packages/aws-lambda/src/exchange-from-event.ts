// API Gateway / Function URL event -> the app's exchange. Only translation: no decision the app makes, no
// Web Request (building one loads Node's fetch implementation, tens of milliseconds of a cold start).
import { Buffer } from 'node:buffer';
import type { HttpExchangeRequest } from '@tokenfn/http';
import {
  type HttpApiEventV2,
  isHttpApiEventV2,
  isRestApiEventV1,
  type ProxyEvent,
  type RestApiEventV1,
} from './events';

export class UnsupportedEventError extends Error {
  override readonly name = 'UnsupportedEventError';
}

/**
 * The exchange of an event. The route comes from the event's path alone (never from a client's `Host`,
 * which is just another header to the app); no client input makes this throw.
 *
 * @example
 * exchangeFromEvent(event).path; // '/v1/tokens/rtc'
 */
export function exchangeFromEvent(event: ProxyEvent): HttpExchangeRequest {
  if (isHttpApiEventV2(event)) return fromV2(event);
  if (isRestApiEventV1(event)) return fromV1(event);
  throw new UnsupportedEventError(
    'Unsupported event: expected an API Gateway HTTP API (2.0), REST API (1.0) or Function URL event',
  );
}

function fromV2(event: HttpApiEventV2): HttpExchangeRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) putHeader(headers, name, value);
  }
  if (event.cookies?.length) putHeader(headers, 'cookie', event.cookies.join('; '));
  const method = methodOf(event.requestContext?.http?.method);
  return {
    method,
    path: pathOnly(stripStage(event.rawPath, event.requestContext?.stage)),
    // rawQueryString is what the client sent; a `#` in it is data, not the start of a fragment.
    query: (event.rawQueryString ?? '').replaceAll('#', '%23'),
    headers,
    body: bodyOf(method, event.body, event.isBase64Encoded, headers),
  };
}

function fromV1(event: RestApiEventV1): HttpExchangeRequest {
  const headers: Record<string, string> = {};
  if (event.multiValueHeaders) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) {
      for (const value of values ?? []) putHeader(headers, name, value);
    }
  } else {
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) putHeader(headers, name, value);
    }
  }
  // Payload 1.0 hands over decoded query values: encode them again, as a client would have sent them.
  const params = new URLSearchParams();
  if (event.multiValueQueryStringParameters) {
    for (const [name, values] of Object.entries(event.multiValueQueryStringParameters)) {
      for (const value of values ?? []) params.append(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) params.append(name, value);
    }
  }
  const method = methodOf(event.httpMethod);
  return {
    method,
    path: pathOnly(event.path),
    query: params.toString(),
    headers,
    body: bodyOf(method, event.body, event.isBase64Encoded, headers),
  };
}

/** A method as HTTP has it: a token, upper-cased; anything else reaches the app as one it will refuse. */
function methodOf(method: unknown): string {
  return typeof method === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/.test(method)
    ? method.toUpperCase()
    : 'INVALID';
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A value HTTP can carry has no control character other than tab (no CR or LF to split a message). */
function breaksHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Adds a header as an HTTP server would have seen it: lower-case name, repeated values joined with `, `
 * (as Fetch's Headers do), surrounding whitespace trimmed. A value with characters above U+00FF (API Gateway
 * hands over UTF-8 text) becomes its UTF-8 bytes, one character per byte, as Node's own HTTP parser gives
 * them; a name or value no HTTP message can carry is dropped.
 */
function putHeader(headers: Record<string, string>, name: string, value: string): void {
  if (!HEADER_NAME.test(name) || typeof value !== 'string') return;
  let v = value.trim();
  if (breaksHeaderValue(v)) return;
  if (/[\u0100-\uffff]/.test(v)) v = Buffer.from(v, 'utf8').toString('latin1');
  const key = name.toLowerCase();
  const before = headers[key];
  headers[key] = before === undefined ? v : key === 'cookie' ? `${before}; ${v}` : `${before}, ${v}`;
}

/** A decoded `?` or `#` in the path (payload 1.0 paths may be decoded) must not start a query or fragment. */
function pathOnly(path: unknown): string {
  const text = typeof path === 'string' ? path : '/';
  const p = text.startsWith('/') ? text : `/${text}`;
  return p.replace(/[?#]/g, (c) => encodeURIComponent(c));
}

/** HTTP API puts a named stage in rawPath (`/prod/v1/...`); the app's routes do not include it. */
function stripStage(rawPath: unknown, stage: string | undefined): string {
  const path = typeof rawPath === 'string' ? rawPath : '/';
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/**
 * The gateway hands over the whole body, so its length is known: a Content-Length the client did not send
 * (HTTP/2, chunked) is set from it, as a server that buffered the body would frame it.
 */
function bodyOf(
  method: string,
  body: string | null | undefined,
  isBase64Encoded: boolean,
  headers: Record<string, string>,
): Uint8Array | null {
  if (method === 'GET' || method === 'HEAD' || typeof body !== 'string') return null;
  const bytes = isBase64Encoded ? new Uint8Array(Buffer.from(body, 'base64')) : Buffer.from(body, 'utf8');
  headers['content-length'] = String(bytes.byteLength);
  return bytes;
}
