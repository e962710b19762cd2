// Answers the local server gives itself, before the app (the Host check, the inspector page): with the
// app's X-Request-Id rule and one request log line in the app's shape.
import type { HttpExchangeRequest, HttpExchangeResponse, Logger } from '@tokenfn/http';
import { logMethod, requestIdFor } from '@tokenfn/http';

export function answeredLocally(
  exchange: HttpExchangeRequest,
  response: HttpExchangeResponse,
  logger: Logger,
  log: { route: string | null; code?: string; level?: 'info' | 'warn' },
): HttpExchangeResponse {
  const requestId = requestIdFor(exchange.headers);
  response.headers['X-Request-Id'] = requestId;
  const { level = 'info', ...fields } = log;
  logger[level]({
    message: 'request',
    requestId,
    method: logMethod(exchange.method),
    ...fields,
    status: response.status,
  });
  return response;
}
