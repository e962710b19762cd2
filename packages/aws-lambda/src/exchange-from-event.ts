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
  // An invocation by hand, by another service or a test may carry anything; only its kind is named.
  if (typeof event === 'object' && event !== null && isObject(event.requestContext)) {
    if (isHttpApiEventV2(event)) return fromV2(event);
    if (isRestApiEventV1(event)) return fromV1(event);
  }
  throw new UnsupportedEventError(
    'Unsupported event: expected an API Gateway HTTP API (2.0), REST API (1.0) or Function URL event',
  );
}

function fromV2(event: HttpApiEventV2): HttpExchangeRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) putHeader(headers, name, value);
  }
  const cookies = Array.isArray(event.cookies) ? event.cookies.filter((c) => typeof c === 'string') : [];
  if (cookies.length) putHeader(headers, 'cookie', cookies.join('; '));
  const method = methodOf(event.requestContext.http?.method);
  const path = stripStage(event.rawPath, event.requestContext.stage);
  return {
    method,
    path: isFunctionUrl(event.requestContext.domainName) ? encodedPath(path) : encodedDecodedPath(path),
    // rawQueryString is what the client sent; a `#` in it is data, not the start of a fragment.
    query: (event.rawQueryString ?? '').replaceAll('#', '%23'),
    headers,
    body: bodyOf(method, event.body, event.isBase64Encoded, headers),
  };
}

function fromV1(event: RestApiEventV1): HttpExchangeRequest {
  const headers: Record<string, string> = {};
  if (isObject(event.multiValueHeaders)) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) {
      for (const value of listOf(values)) putHeader(headers, name, value);
    }
  } else if (isObject(event.headers)) {
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) putHeader(headers, name, value);
    }
  }
  // Payload 1.0 hands over decoded query values: encode them again, as a client would have sent them.
  const params = new URLSearchParams();
  if (isObject(event.multiValueQueryStringParameters)) {
    for (const [name, values] of Object.entries(event.multiValueQueryStringParameters)) {
      for (const value of listOf(values)) params.append(name, value);
    }
  } else if (isObject(event.queryStringParameters)) {
    for (const [name, value] of Object.entries(event.queryStringParameters)) {
      if (typeof value === 'string') params.append(name, value);
    }
  }
  const method = methodOf(event.httpMethod);
  return {
    method,
    path: pathOfV1(event),
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The strings of a multi-value entry; a hand-written event may hold a single value or a non-string. */
function listOf(values: unknown): string[] {
  const list = Array.isArray(values) ? values : [values];
  return list.filter((v): v is string => typeof v === 'string');
}

/**
 * Function URLs answer on `<url-id>.lambda-url.<region>.on.aws`; their rawPath is the path as the client
 * sent it, still percent-encoded. An HTTP API (any other domain, custom ones included) decodes it first.
 */
function isFunctionUrl(domainName: unknown): boolean {
  return typeof domainName === 'string' && /\.lambda-url\.[a-z0-9-]+\.on\.aws$/i.test(domainName);
}

/** What may stand unescaped in a path: RFC 3986 pchar and `/`. */
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/** Every character outside PATH_CHAR as %XX of its UTF-8 bytes (a lone surrogate as U+FFFD's). */
function percentEscape(chars: string): string {
  let out = '';
  for (const byte of Buffer.from(chars, 'utf8'))
    out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/**
 * A path that arrives decoded (HTTP API): every `%` in it is data, as is a `?` or `#`, so all are escaped,
 * and the app's own decoding gives back the path the gateway saw, not a second decoding of it.
 */
function encodedDecodedPath(path: string): string {
  return PATH_CHAR.test(path) ? path : path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, percentEscape);
}

/**
 * A path that arrives as sent (REST API, Function URL): its escapes are kept; a `%` that starts none, and
 * anything else no encoded path has literally (space, non-ASCII, `?`, `#`), is escaped.
 */
function encodedPath(path: string): string {
  if (PATH_CHAR.test(path)) return path;
  return path.replace(/%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (m) =>
    m.length === 3 && m.startsWith('%') ? m : percentEscape(m),
  );
}

/**
 * Payload 1.0. From an HTTP API (`version: "1.0"`) the path is decoded and begins with a named stage; from a
 * REST API it is as sent, and behind a custom domain it begins with the base path mapping (`/tokens/v1/...`
 * for a mapping `tokens`): the route is then the last segments of the path, as many as the matched
 * resource (`/{proxy+}` with its parameter, `/healthz`) has.
 */
function pathOfV1(event: RestApiEventV1): string {
  if (event.version === '1.0') return encodedDecodedPath(stripStage(event.path, event.requestContext.stage));
  const path = encodedPath(rooted(event.path));
  const keep = resourceSegments(event.resource, event.pathParameters);
  if (keep === undefined) return path;
  const trailing = path.length > 1 && path.endsWith('/') ? '/' : '';
  const segments = path.slice(1, trailing ? -1 : undefined).split('/');
  if (segments.length <= keep) return path;
  return `/${segments.slice(segments.length - keep).join('/')}${trailing}`;
}

/**
 * How many path segments the resource API Gateway matched stands for: its literal segments, one per
 * `{name}`, and as many as the value of a greedy `{name+}` has. Undefined when the event does not say
 * (no resource, or a greedy one without its parameter).
 */
function resourceSegments(resource: unknown, parameters: unknown): number | undefined {
  if (typeof resource !== 'string' || !resource.startsWith('/')) return undefined;
  let count = 0;
  for (const segment of resource.slice(1).split('/')) {
    if (segment === '') continue;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (!greedy) {
      count++;
      continue;
    }
    const value = isObject(parameters) ? parameters[greedy[1] as string] : undefined;
    if (typeof value !== 'string') return undefined;
    const inner = value.replace(/^\/|\/$/g, '');
    count += inner === '' ? 0 : inner.split('/').length;
  }
  return count;
}

function rooted(path: unknown): string {
  const text = typeof path === 'string' ? path : '/';
  return text.startsWith('/') ? text : `/${text}`;
}

/** HTTP API puts a named stage in the path (`/prod/v1/...`); the app's routes do not include it. */
function stripStage(rawPath: unknown, stage: unknown): string {
  const path = rooted(rawPath);
  if (typeof stage !== 'string' || stage === '' || stage === '$default') return path;
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
