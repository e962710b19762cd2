// The node:http adapter against a real node:http server on loopback: the exchange the app sees, the
// answer the client gets, the body limit, and clients that misbehave.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchangeRequest, HttpExchangeResponse, TokenfnApp } from '../src/index.js';
import { toNodeListener } from '../src/node.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok) ?? ok(undefined));
  server = undefined;
});

/** A server whose app records each exchange and answers `answer`. */
async function serve(
  answer: HttpExchangeResponse = { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' },
) {
  const seen: HttpExchangeRequest[] = [];
  const app: TokenfnApp = {
    handle: async (exchange) => {
      seen.push(exchange);
      return answer;
    },
    fetch: () => Promise.reject(new Error('not used')),
  };
  server = createServer(toNodeListener(app, { maxBodyBytes: 16 }));
  await new Promise<void>((ok) => server?.listen(0, '127.0.0.1', ok));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** Sends raw bytes on a socket and returns everything the server sent back until it closed or went quiet. */
function raw(port: number, text: string, quietMs = 300): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      socket.destroy();
      resolve(out);
    };
    socket.on('data', (d) => {
      out += d.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

describe('toNodeListener', () => {
  it('hands over method, raw path, raw query, lower-case headers and the body bytes', async () => {
    const { port, seen } = await serve();
    const reply = await raw(
      port,
      'POST /v1/a%20b/c?x=1&y=%C3%BC HTTP/1.1\r\nHost: h.example\r\nX-Api-Key: k\r\nCookie: a=1\r\nCookie: b=2\r\nContent-Length: 4\r\nConnection: close\r\n\r\n{"a"',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toMatch(/\r\nContent-Length: 2\r\n/i);
    expect(reply.endsWith('\r\n\r\nok')).toBe(true);
    expect(seen).toHaveLength(1);
    const e = seen[0]!;
    expect(e).toMatchObject({ method: 'POST', path: '/v1/a%20b/c', query: 'x=1&y=%C3%BC' });
    expect(e.headers).toMatchObject({ host: 'h.example', 'x-api-key': 'k', cookie: 'a=1; b=2' });
    expect(new TextDecoder().decode(e.body ?? new Uint8Array())).toBe('{"a"');
  });

  it('an absolute-form target gives its path and query; `*` a path no route has; # is data', async () => {
    const { port, seen } = await serve();
    await raw(port, 'GET http://other.example/healthz?q=1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    await raw(port, 'OPTIONS * HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    await raw(port, 'GET /a#b?c#d HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    expect(seen.map((e) => [e.path, e.query])).toEqual([
      ['/healthz', 'q=1'],
      ['/*', ''],
      ['/a%23b', 'c%23d'],
    ]);
    expect(seen.map((e) => e.body)).toEqual([null, null, null]);
  });

  it('reads a body to the limit plus one byte and no further, answers, and closes the connection', async () => {
    const { port, seen } = await serve({ status: 413, headers: {}, body: 'too large' });
    const reply = await raw(
      port,
      `POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(40)}`,
      2000,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nConnection: close\r\n/i);
    expect(seen[0]?.body?.byteLength).toBe(17);
  });

  it('a chunked body is cut the same way', async () => {
    const { port, seen } = await serve();
    const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n`;
    const reply = await raw(
      port,
      `POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('a'.repeat(10))}${chunk('b'.repeat(10))}`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(new TextDecoder().decode(seen[0]?.body ?? new Uint8Array())).toBe(
      `${'a'.repeat(10)}${'b'.repeat(7)}`,
    );
  });

  it('HEAD: the headers of the answer with its Content-Length, no body', async () => {
    const { port } = await serve();
    const res = await new Promise<{ status: number; length: string | undefined; body: string }>((ok) => {
      request({ port, host: '127.0.0.1', method: 'HEAD', path: '/healthz' }, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => ok({ status: r.statusCode ?? 0, length: r.headers['content-length'], body }));
      }).end();
    });
    expect(res).toEqual({ status: 200, length: '2', body: '' });
  });

  it('a client that goes away in the middle of its body reaches no app and fails nothing', async () => {
    const { port, seen } = await serve();
    await new Promise<void>((ok) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc');
        setTimeout(() => {
          socket.destroy();
          ok();
        }, 50);
      });
    });
    await new Promise((ok) => setTimeout(ok, 50));
    expect(seen).toHaveLength(0);
    // the server still answers
    expect(await raw(port, 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 200 /,
    );
  });

  it('intercept answers without the app', async () => {
    const app: TokenfnApp = {
      handle: () => Promise.reject(new Error('the app must not be called')),
      fetch: () => Promise.reject(new Error('not used')),
    };
    server = createServer(
      toNodeListener(app, { intercept: () => ({ status: 403, headers: { 'X-A': '1' }, body: 'no' }) }),
    );
    await new Promise<void>((ok) => server?.listen(0, '127.0.0.1', ok));
    const reply = await raw(
      (server.address() as AddressInfo).port,
      'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    expect(reply).toMatch(/\r\nX-A: 1\r\n/);
  });
});
