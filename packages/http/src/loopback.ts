// What counts as this machine's loopback interface, in one place: the local server's bind address and its
// DNS-rebinding guard, the http: exemption for a JWKS URL, and the adapters' test endpoints all ask here.

/**
 * Whether a host name (as in a URL's hostname or a bind address) names loopback: `localhost`, any
 * `127.x.x.x`, or `::1` (bracketed or not).
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('[::1]');     // true
 * isLoopbackHost('10.0.0.1');  // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Whether a `Host` header names loopback, with an optional port: anything else that reaches a loopback-only
 * server came through a name an attacker's DNS can point at 127.0.0.1 (DNS rebinding).
 *
 * @example
 * isLoopbackHostHeader('localhost:8787'); // true
 * isLoopbackHostHeader('evil.example');   // false
 */
export function isLoopbackHostHeader(host: string | null | undefined): boolean {
  if (host === null || host === undefined) return false;
  const m = /^(\[::1\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  return m !== null && isLoopbackHost(m[1]!);
}
