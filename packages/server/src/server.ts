// The local server: `pnpm start` serves the tokenfn app on http://127.0.0.1:8787 (Node only).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import type { AgoraCredentials } from '@tokenfn/core';
import { DEMO_CREDENTIALS } from '@tokenfn/core';
import type { AppConfig, Logger } from '@tokenfn/http';
import {
  ConfigError,
  createApp,
  HttpProblem,
  jsonLogger,
  loadConfig,
  problemResponse,
  staticCredentials,
} from '@tokenfn/http';
import { withEnvFile } from './env-file.js';

export interface StartServerOptions {
  env?: Record<string, string | undefined>;
  /** default HOST or 127.0.0.1 */
  host?: string;
  /** default PORT or 8787; 0 picks a free port */
  port?: number;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  /** true when no AGORA_APP_ID / AGORA_APP_CERTIFICATE were given and Agora's public demo values are used */
  demoCredentials: boolean;
  config: AppConfig;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A Host header naming this machine's loopback interface: `localhost`, `127.x.x.x` or `[::1]`, with an
 * optional port. Anything else reaching a loopback-only server came through a name that an attacker's DNS
 * can point at 127.0.0.1 (DNS rebinding: a web page reading the server as its own origin).
 */
export function isLoopbackHostHeader(host: string | null): boolean {
  if (host === null) return false;
  const m = /^(\[::1\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  if (!m) return false;
  const name = m[1]!.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

function hostNotAllowed(): Response {
  const response = problemResponse(
    new HttpProblem(403, {
      code: 'ERR_HOST_NOT_ALLOWED',
      detail:
        'This unauthenticated local server answers only requests addressed to localhost, 127.0.0.1 or [::1].',
    }),
  );
  response.headers.set('X-Request-Id', crypto.randomUUID());
  return response;
}

function credentialsFrom(env: Record<string, string | undefined>): {
  creds: AgoraCredentials;
  demo: boolean;
} {
  const appId = env['AGORA_APP_ID']?.trim();
  const appCertificate = env['AGORA_APP_CERTIFICATE']?.trim();
  if (!appId && !appCertificate) return { creds: DEMO_CREDENTIALS, demo: true };
  if (!appId) throw new ConfigError('AGORA_APP_ID', 'is required when AGORA_APP_CERTIFICATE is set');
  if (!appCertificate) throw new ConfigError('AGORA_APP_CERTIFICATE', 'is required when AGORA_APP_ID is set');
  return { creds: { appId, appCertificate }, demo: false };
}

export async function startServer(o: StartServerOptions = {}): Promise<RunningServer> {
  const env = o.env ?? process.env;
  // HOST= (empty, as in a copied .env template) means the default, never "every interface".
  const host = o.host ?? (env['HOST']?.trim() || '127.0.0.1');
  // PORT: decimal digits only (Number() would also take "0x50", "1e3" or " " as 0 = any free port).
  const portText = env['PORT']?.trim() ?? '';
  if (o.port === undefined && portText !== '' && !/^\d{1,5}$/.test(portText)) {
    throw new ConfigError('PORT', 'must be a port number 0..65535');
  }
  const portRaw = o.port ?? (portText !== '' ? Number(portText) : 8787);
  if (!Number.isInteger(portRaw) || portRaw < 0 || portRaw > 65535)
    throw new ConfigError('PORT', 'must be 0..65535');
  const loopback = isLoopback(host);
  const config = loadConfig(env, { localLoopback: loopback });
  const { creds, demo } = credentialsFrom(env);
  const logger = o.logger ?? jsonLogger();
  const app = createApp({ config, credentials: staticCredentials(creds), logger });
  // Without authentication, loopback is the only protection: refuse requests addressed by any other name.
  const checkHost = loopback && config.authMode === 'none';
  const server = createAdaptorServer({
    fetch: (request: Request) => {
      if (checkHost && !isLoopbackHostHeader(request.headers.get('host'))) {
        const refused = hostNotAllowed();
        logger.warn({
          message: 'request',
          requestId: refused.headers.get('X-Request-Id'),
          method: request.method.length <= 16 ? request.method : 'OTHER',
          route: null,
          status: 403,
          code: 'ERR_HOST_NOT_ALLOWED',
        });
        return refused;
      }
      return app.fetch(request);
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(portRaw, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    demoCredentials: demo,
    config,
    close: () =>
      new Promise<void>((ok) => {
        const s = server as import('node:http').Server;
        s.close(() => ok());
        s.closeIdleConnections?.();
        setTimeout(() => s.closeAllConnections?.(), 2000).unref();
      }),
  };
}

function curlLine(url: string, config: AppConfig): string {
  const auth =
    config.authMode === 'api-key'
      ? " -H 'X-API-Key: <your API key>'"
      : config.authMode === 'jwt'
        ? " -H 'Authorization: Bearer <a JWT from your identity provider>'"
        : '';
  return `curl -s -X POST ${url}/v1/tokens/rtc -H 'Content-Type: application/json'${auth} -d '{"channel":"demo","uid":1234,"role":"publisher"}'`;
}

/** What `pnpm start` prints once listening: where the .env came from, the demo banner, warnings, URL, curl. */
export function banner(
  running: Pick<RunningServer, 'url' | 'demoCredentials' | 'config'>,
  loadedFrom?: string,
): string {
  const lines: string[] = [];
  if (loadedFrom) lines.push(`tokenfn: read ${loadedFrom}`);
  const boxed = (text: string[]) => {
    const width = Math.max(...text.map((t) => t.length));
    const rule = `  ${'*'.repeat(width + 6)}`;
    lines.push('', rule, ...text.map((t) => `  *  ${t.padEnd(width)}  *`), rule, '');
  };
  if (running.demoCredentials) {
    boxed([
      'DEMO CREDENTIALS: no AGORA_APP_ID / AGORA_APP_CERTIFICATE were set, so',
      "tokens are signed with Agora's public test App ID and certificate.",
      'They will not work with your Agora project. Never use them in production.',
    ]);
  }
  if (running.config.authMode === 'none' && !isLoopback(new URL(running.url).hostname)) {
    boxed([
      'UNAUTHENTICATED ON THE NETWORK: AUTH_MODE=none (ALLOW_UNAUTHENTICATED=true)',
      'on a non-loopback address: anyone who can reach this port gets tokens.',
    ]);
  }
  lines.push(
    `tokenfn listening on ${running.url} (AUTH_MODE=${running.config.authMode})`,
    'Try:',
    `  ${curlLine(running.url, running.config)}`,
  );
  return lines.join('\n');
}

/** A listen failure as one clear line (port taken, no permission, no such address). */
function listenFailure(err: unknown): string | undefined {
  const e = err as { code?: unknown; address?: unknown; port?: unknown };
  const where = `${String(e.address ?? '')}:${String(e.port ?? '')}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return `tokenfn: cannot listen on ${where}: the port is in use (set PORT to another one)`;
    case 'EACCES':
      return `tokenfn: cannot listen on ${where}: permission denied (use a port above 1023)`;
    case 'EADDRNOTAVAIL':
      return `tokenfn: cannot listen on ${where}: no such address on this machine (check HOST)`;
    default:
      return undefined;
  }
}

async function main(): Promise<void> {
  // `pnpm start` from the repository root runs this in packages/core; pnpm keeps the caller's directory
  // in INIT_CWD, and a .env there is the one the user means.
  const dirs = [...new Set([process.env['INIT_CWD'], process.cwd()].filter((d): d is string => !!d))];
  const envFile = dirs.map((d) => resolve(d, '.env')).find((f) => existsSync(f));
  const { env, loadedFrom } = envFile
    ? withEnvFile(process.env, envFile)
    : { env: process.env, loadedFrom: undefined };
  let running: RunningServer;
  try {
    running = await startServer({ env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tokenfn: configuration error: ${err.message}`);
      process.exit(2);
    }
    const failure = listenFailure(err);
    if (failure) {
      console.error(failure);
      process.exit(1);
    }
    throw err;
  }
  console.log(banner(running, loadedFrom));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`tokenfn: ${signal} received, stopping`);
    running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
