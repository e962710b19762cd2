// JSON answers on the exchange. Token answers are never cached.
import type { HttpExchangeResponse } from './exchange.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(body: unknown, status = 200): HttpExchangeResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function tokenResponse(body: unknown): HttpExchangeResponse {
  return jsonResponse(body, 200);
}
