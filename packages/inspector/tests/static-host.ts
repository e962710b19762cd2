// A static host on loopback for the browser tests: serves the built files by name, with or without the
// page's headers (without, only the CSP <meta> tag protects the page, as on a host that sends none), and
// records every request path it receives.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InspectorSite } from '../src/site.js';

export interface StaticHost {
  url: string;
  /** Every path (with query) the host was asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveSite(site: InspectorSite, o: { headers?: boolean } = {}): Promise<StaticHost> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    const file = site.files.get(name);
    if (!file || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.contentType, ...(o.headers ? site.headers : {}) });
    res.end(file.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
