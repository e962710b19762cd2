// The request id every answer carries (X-Request-Id) and every log line names: the caller's, when it is a
// short token of safe characters, else a new random UUID. One rule for every adapter.

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * @example
 * requestIdFor({ 'x-request-id': 'abc-123' }); // 'abc-123'
 * requestIdFor({ 'x-request-id': 'a b' });     // a new UUID
 */
export function requestIdFor(headers: Readonly<Record<string, string | undefined>>): string {
  const given = headers['x-request-id'];
  return given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** A method as a log line names it: a client-chosen method longer than any real one is `OTHER`. */
export function logMethod(method: string): string {
  return method.length <= 16 ? method : 'OTHER';
}
