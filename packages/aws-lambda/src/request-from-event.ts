// API Gateway / Function URL event -> Web Request. Only translation: no decisions the app makes.
import { Buffer } from 'node:buffer';
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

export function requestFromEvent(event: ProxyEvent): Request {
  if (isHttpApiEventV2(event)) return requestFromV2(event);
  if (isRestApiEventV1(event)) return requestFromV1(event);
  throw new UnsupportedEventError(
    'Unsupported event: expected an API Gateway HTTP API (2.0), REST API (1.0) or Function URL event',
  );
}

function requestFromV2(event: HttpApiEventV2): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) putHeader(headers, 'set', name, value);
  }
  if (event.cookies?.length) putHeader(headers, 'set', 'cookie', event.cookies.join('; '));
  const method = event.requestContext.http.method.toUpperCase();
  const path = pathOnly(stripStage(event.rawPath, event.requestContext.stage));
  // rawQueryString is what the client sent; a `#` in it is data, not the start of a fragment.
  const query = event.rawQueryString ? `?${event.rawQueryString.replaceAll('#', '%23')}` : '';
  const url = `${origin(headers, event.requestContext.domainName)}${path}${query}`;
  return requestWithBody(url, method, headers, bodyOf(method, event.body, event.isBase64Encoded));
}

function requestFromV1(event: RestApiEventV1): Request {
  const headers = new Headers();
  if (event.multiValueHeaders) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) {
      for (const value of values ?? []) putHeader(headers, 'append', name, value);
    }
  } else {
    for (const [name, value] of Object.entries(event.headers ?? {})) {
      if (value !== undefined) putHeader(headers, 'set', name, value);
    }
  }
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
  const method = event.httpMethod.toUpperCase();
  const query = params.size ? `?${params}` : '';
  const url = `${origin(headers, event.requestContext.domainName)}${pathOnly(event.path)}${query}`;
  return requestWithBody(url, method, headers, bodyOf(method, event.body, event.isBase64Encoded));
}

/**
 * The gateway hands over the whole body, so its length is known: a Content-Length the client did not send
 * (HTTP/2, chunked) is set from it, as a server that buffered the body would frame it.
 */
function requestWithBody(
  url: string,
  method: string,
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | null,
) {
  if (body !== null && !headers.has('content-length')) headers.set('content-length', String(body.byteLength));
  return new Request(url, { method, headers, body });
}

function origin(headers: Headers, domainName: string | undefined): string {
  const proto = headers.get('x-forwarded-proto') === 'http' ? 'http' : 'https';
  // The first of Host, the gateway's domain name, localhost that makes a URL (a Host header is client input).
  for (const host of [headers.get('host'), domainName]) {
    if (host && URL.canParse(`${proto}://${host}/`)) return `${proto}://${host}`;
  }
  return `${proto}://localhost`;
}

/**
 * Adds a header as an HTTP server would have seen it. A value with characters above U+00FF (API Gateway
 * hands over UTF-8 text) becomes its UTF-8 bytes, one character per byte, as Node's own HTTP parser
 * gives them; a name or value no HTTP message can carry (spaces in a name, a line break) is dropped.
 * Either way a client cannot make the translation throw, which would fail the invocation (a Lambda error
 * and API Gateway's bare 500) instead of letting the app answer.
 */
function putHeader(headers: Headers, how: 'set' | 'append', name: string, value: string): void {
  const bytes = /[\u0100-\uffff]/.test(value)
    ? String.fromCharCode(...new TextEncoder().encode(value))
    : value;
  try {
    headers[how](name, bytes);
  } catch {
    // not representable in HTTP: dropped
  }
}

/** A decoded `?` or `#` in the path (payload 1.0 paths may be decoded) must not start a query or fragment. */
function pathOnly(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p.replace(/[?#]/g, (c) => encodeURIComponent(c));
}

/** HTTP API puts a named stage in rawPath (`/prod/v1/...`); the app's routes do not include it. */
function stripStage(rawPath: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

function bodyOf(
  method: string,
  body: string | null | undefined,
  isBase64Encoded: boolean,
): Uint8Array<ArrayBuffer> | null {
  if (method === 'GET' || method === 'HEAD' || body == null) return null;
  return isBase64Encoded ? new Uint8Array(Buffer.from(body, 'base64')) : new TextEncoder().encode(body);
}
