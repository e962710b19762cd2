// The app's own request and response: plain data, so an adapter translates its platform's request straight
// into it (an API Gateway event, a node:http IncomingMessage) without building a Web Request first, and the
// app answers without building a Web Response. ./fetch.ts (Request/Response) and ./node.ts (node:http) are the adapters that need one.

/** One HTTP request as the app sees it. */
export interface HttpExchangeRequest {
  /** upper-case method, e.g. `POST` */
  method: string;
  /** the path as sent, percent-encoding intact, without query or fragment; always starts with `/` */
  path: string;
  /** the raw query string without the leading `?` (`''` for none) */
  query: string;
  /** header names lower-case; repeated headers joined with `, ` as Fetch's `Headers.get` does */
  headers: Readonly<Record<string, string>>;
  /** the whole body (the adapter enforces no limit: the app answers 413 itself), or null for none */
  body: Uint8Array | null;
}

/** The app's answer. The body is always text (JSON, problem+json or a bare token). */
export interface HttpExchangeResponse {
  status: number;
  /** header names as they are sent; never a repeated name */
  headers: Record<string, string>;
  body: string;
}

/** Whether an answer goes out without a body: to `HEAD`, and for 204 and 304 (HTTP allows none). */
export function sendsNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304;
}
