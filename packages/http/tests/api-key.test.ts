// apiKeyProblem: the keys it accepts are exactly keys that match when sent over real HTTP, and the
// reasons it gives for the others are true (checked against a node:http server on loopback).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { DEMO_CREDENTIALS, sha256, toHex } from '@tokenfn/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenfnApp } from '../src/index.js';
import {
  apiKeyProblem,
  createApp,
  loadConfig,
  MAX_API_KEY_LENGTH,
  MIN_API_KEY_LENGTH,
  silentLogger,
  staticCredentials,
} from '../src/index.js';
import { toNodeListener } from '../src/node.js';

const hashOf = (key: string) => toHex(sha256(new TextEncoder().encode(key)));

/** An app that accepts exactly the API key whose hash it is given. */
function appFor(hash: string): TokenfnApp {
  return createApp({
    config: loadConfig({ AUTH_MODE: 'api-key', API_KEY_HASHES: hash }),
    credentials: staticCredentials(DEMO_CREDENTIALS),
    logger: silentLogger,
  });
}

let server: Server;
let origin: string;
let current: TokenfnApp;

beforeAll(async () => {
  // One server; each sample swaps in an app configured with its key's hash.
  const proxy: TokenfnApp = {
    handle: (exchange, context) => current.handle(exchange, context),
    fetch: (request, context) => current.fetch(request, context),
  };
  server = createServer(toNodeListener(proxy));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

/** Status of a token request sent with `key` in X-API-Key by Node's fetch, to an app configured with `hash`. */
async function statusWith(key: string, hash = hashOf(key)): Promise<number> {
  current = appFor(hash);
  const response = await fetch(`${origin}/v1/tokens/rtm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ userId: 'u' }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The same request written byte by byte on a socket: the key's UTF-8 bytes, as curl sends them. */
function rawStatusWith(key: string): Promise<number> {
  current = appFor(hashOf(key));
  const body = '{"userId":"u"}';
  const head =
    'POST /v1/tokens/rtm HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${body.length}\r\nConnection: close\r\nX-API-Key: `;
  return new Promise((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1])));
    socket.on('error', reject);
    socket.write(
      Buffer.concat([Buffer.from(head), Buffer.from(key, 'utf8'), Buffer.from(`\r\n\r\n${body}`)]),
    );
  });
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: MIN_API_KEY_LENGTH,
  maxLength: 80,
});

describe('apiKeyProblem', () => {
  it('accepts what tokenfn itself would generate, and every accepted key matches over HTTP', async () => {
    await fc.assert(
      fc.asyncProperty(printable, async (key) => {
        fc.pre(apiKeyProblem(key) === undefined);
        expect(await statusWith(key)).toBe(200);
        expect(await rawStatusWith(key)).toBe(200);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses white space at either end, which HTTP strips: such a key never matches', async () => {
    for (const key of [' leading-space-key-0001', 'trailing-space-key-01 ', '\ttabbed-key-000000001']) {
      expect(apiKeyProblem(key)).toMatch(/white space/);
      expect(await rawStatusWith(key)).toBe(401);
    }
  });

  it('refuses characters outside printable ASCII, naming the position; UTF-8 bytes do not match', async () => {
    const key = 'café-au-lait-key-0001';
    expect(apiKeyProblem(key)).toBe(
      'has a character outside printable ASCII at position 4 (U+00E9), which cannot be sent intact in an X-API-Key header',
    );
    // curl sends the UTF-8 bytes; node:http reads header bytes as Latin-1, so the hash differs
    expect(await rawStatusWith(key)).toBe(401);
    expect(apiKeyProblem(`line-break-inside\nkey-0001`)).toMatch(/position 18 \(U\+000A\)/);
  });

  it('refuses keys too short to be secret and too long to be read, and says so', async () => {
    expect(apiKeyProblem('short')).toBe(
      `is 5 characters long: use at least ${MIN_API_KEY_LENGTH} (tokenfn api-key makes one)`,
    );
    const long = 'k'.repeat(MAX_API_KEY_LENGTH + 1);
    expect(apiKeyProblem(long)).toMatch(/at most 512/);
    // the verifier refuses it unread, even when its hash is configured
    expect(await statusWith(long)).toBe(401);
    expect(apiKeyProblem('k'.repeat(MAX_API_KEY_LENGTH))).toBeUndefined();
  });
});
