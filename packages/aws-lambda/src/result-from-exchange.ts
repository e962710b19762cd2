// The app's answer -> API Gateway / Function URL result. The app answers text (JSON, problem+json or a
// bare token), so a body is never base64.
import type { HttpExchangeResponse } from '@tokenfn/http';
import type { ResultV1, ResultV2 } from './events';

/** Header names lower-case, as API Gateway's own responses and HTTP/2 have them. */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The body the client may receive: none for a HEAD request or a 204/304, whatever the app wrote (the
 * gateway relays a result's body as it is, where an HTTP server would have dropped it).
 */
function bodyFor(response: HttpExchangeResponse, method: string | undefined): string {
  return method === 'HEAD' || response.status === 204 || response.status === 304 ? '' : response.body;
}

/** Payload 2.0 (HTTP API, Function URLs): one value per header. */
export function resultV2FromExchange(response: HttpExchangeResponse, method?: string): ResultV2 {
  return {
    statusCode: response.status,
    headers: lowerCased(response.headers),
    body: bodyFor(response, method),
    isBase64Encoded: false,
  };
}

/** Payload 1.0 (REST API): every header as a list. */
export function resultV1FromExchange(response: HttpExchangeResponse, method?: string): ResultV1 {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(lowerCased(response.headers))) multiValueHeaders[name] = [value];
  return {
    statusCode: response.status,
    multiValueHeaders,
    body: bodyFor(response, method),
    isBase64Encoded: false,
  };
}
