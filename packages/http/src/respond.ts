// JSON responses. Token responses are never cached.

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
  });
}

export function tokenResponse(body: unknown): Response {
  return jsonResponse(body, 200);
}

export function textTokenResponse(token: string): Response {
  return new Response(token, {
    status: 200,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
