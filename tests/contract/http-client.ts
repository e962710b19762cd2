// Sends a Web Request to a real server over HTTP with node:http (no header is filtered, the body is
// sent as given) and returns the answer as a Web Response.
import { request as httpRequest } from 'node:http';

export async function sendOverHttp(baseUrl: string, req: Request): Promise<Response> {
  const u = new URL(req.url);
  // the path exactly as given (a path starting with // must not become a host)
  const target = new URL(baseUrl);
  target.pathname = u.pathname;
  target.search = u.search;
  const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    headers[k] = v;
  });
  if (body) headers['content-length'] = String(body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    const r = httpRequest(target, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (Array.isArray(v)) for (const x of v) h.append(k, x);
          else if (v !== undefined) h.set(k, String(v));
        }
        const status = res.statusCode ?? 0;
        const nullBody = status === 204 || status === 304 || req.method === 'HEAD';
        resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: h }));
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.setTimeout(10_000, () => r.destroy(new Error('timeout')));
    r.end(body);
  });
}
