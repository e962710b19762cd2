// The local server: `pnpm start` serves the tokenfn app on http://127.0.0.1:8787, on node:http through the
// same createAppFromEnv as every other adapter, with credentials from AGORA_APP_ID / AGORA_APP_CERTIFICATE
// (Agora's public demo values when neither is set).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_CREDENTIALS, isHex32 } from '@tokenfn/core';
import type {
  AppConfig,
  CredentialVariableName,
  HttpExchangeRequest,
  HttpExchangeResponse,
  Logger,
} from '@tokenfn/http';
import {
  ConfigError,
  createAppFromEnv,
  credentialVariablesForm,
  HttpProblem,
  isLoopbackHost,
  isLoopbackHostHeader,
  jsonLogger,
  loadConfig,
  problemResponse,
  variableCredentials,
} from '@tokenfn/http';
import { toNodeListener } from '@tokenfn/http/node';
import { EnvFileError, withEnvFile } from './env-file.js';
import { inspectorPages } from './inspector.js';
import { answeredLocally } from './local-answer.js';
import { batchedLineWriter } from './log-writer.js';

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

/** Connection limits: a slow or idle client cannot hold the server (headers 10 s, whole request 30 s). */
const LIMITS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 1024,
} as const;

function hostNotAllowed(exchange: HttpExchangeRequest, logger: Logger): HttpExchangeResponse {
  const response = problemResponse(
    new HttpProblem(403, {
      code: 'ERR_HOST_NOT_ALLOWED',
      detail:
        'This unauthenticated local server answers only requests addressed to localhost, 127.0.0.1 or [::1].',
    }),
  );
  return answeredLocally(exchange, response, logger, {
    route: null,
    code: 'ERR_HOST_NOT_ALLOWED',
    level: 'warn',
  });
}

/**
 * The variables the credentials come from: AGORA_APPS (several apps, checked by variableCredentials), the
 * user's AGORA_APP_ID and AGORA_APP_CERTIFICATE (with AGORA_PREVIOUS_APP_CERTIFICATE during a rotation), or,
 * when none is set, Agora's public demo values. Half a pair, or a value that is not 32 hex characters, is a
 * configuration error at start, not a 503 at the first request.
 */
async function credentialVariables(
  env: Record<string, string | undefined>,
): Promise<{ vars: Record<string, string | undefined>; demo: boolean }> {
  const value = (name: CredentialVariableName) => env[name]?.trim() || undefined;
  const form = credentialVariablesForm((name) => value(name) !== undefined);
  if (form === 'apps') return { vars: { AGORA_APPS: value('AGORA_APPS') }, demo: false };
  if (form === 'none') {
    return {
      vars: { AGORA_APP_ID: DEMO_CREDENTIALS.appId, AGORA_APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate },
      demo: true,
    };
  }
  const appId = value('AGORA_APP_ID')!;
  const appCertificate = value('AGORA_APP_CERTIFICATE')!;
  const previous = value('AGORA_PREVIOUS_APP_CERTIFICATE');
  const vars: Record<string, string> = { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appCertificate };
  if (previous) vars['AGORA_PREVIOUS_APP_CERTIFICATE'] = previous;
  for (const [name, text] of Object.entries(vars)) {
    if (!isHex32(text)) throw new ConfigError(name, 'must be 32 hexadecimal characters');
  }
  return { vars, demo: false };
}

function portFrom(o: StartServerOptions, env: Record<string, string | undefined>): number {
  // PORT: decimal digits only (Number() would also take "0x50", "1e3" or " " as 0 = any free port).
  const portText = env['PORT']?.trim() ?? '';
  if (o.port === undefined && portText !== '' && !/^\d{1,5}$/.test(portText)) {
    throw new ConfigError('PORT', 'must be a port number 0..65535');
  }
  const port = o.port ?? (portText !== '' ? Number(portText) : 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', 'must be 0..65535');
  return port;
}

/**
 * Starts the server. A configuration it cannot serve (a bad variable, half the credentials, AUTH_MODE=none
 * off loopback without ALLOW_UNAUTHENTICATED) rejects with a ConfigError before anything listens.
 */
export async function startServer(o: StartServerOptions = {}): Promise<RunningServer> {
  const env = o.env ?? process.env;
  // HOST= (empty, as in a copied .env template) means the default, never "every interface".
  const host = o.host ?? (env['HOST']?.trim() || '127.0.0.1');
  const port = portFrom(o, env);
  const loopback = isLoopbackHost(host);
  const config = loadConfig(env, { localLoopback: loopback });
  const { vars, demo } = await credentialVariables(env);
  // By default the JSON lines go to stdout in batches (./log-writer.ts), flushed when the server closes.
  const out = o.logger === undefined ? batchedLineWriter() : undefined;
  const logger = o.logger ?? jsonLogger((line) => out?.write(line));
  const app = createAppFromEnv({
    env,
    config,
    localLoopback: loopback,
    logger,
    credentials: () => variableCredentials(vars),
  });
  // Without authentication, loopback is the only protection: refuse requests addressed by any other name.
  const checkHost = loopback && config.authMode === 'none';
  // The token inspector page at /inspect (./inspector.ts), behind the same Host check.
  const inspector = await inspectorPages(logger);
  const server: Server = createServer(
    toNodeListener(app, {
      maxBodyBytes: config.maxBodyBytes,
      intercept: (exchange: HttpExchangeRequest) =>
        checkHost && !isLoopbackHostHeader(exchange.headers['host'])
          ? hostNotAllowed(exchange, logger)
          : inspector(exchange),
    }),
  );
  Object.assign(server, LIMITS);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
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
        server.close(() => {
          out?.close();
          ok();
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
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
  if (running.config.authMode === 'none' && !isLoopbackHost(new URL(running.url).hostname)) {
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
  // `pnpm start` from the repository root runs this in packages/server; pnpm keeps the caller's directory
  // in INIT_CWD, and a .env there is the one the user means.
  const dirs = [...new Set([process.env['INIT_CWD'], process.cwd()].filter((d): d is string => !!d))];
  const envFile = dirs.map((d) => resolve(d, '.env')).find((f) => existsSync(f));
  let running: RunningServer;
  let loadedFrom: string | undefined;
  try {
    const read = envFile ? withEnvFile(process.env, envFile) : { env: process.env, loadedFrom: undefined };
    loadedFrom = read.loadedFrom;
    running = await startServer({ env: read.env });
  } catch (err) {
    if (err instanceof EnvFileError) {
      console.error(`tokenfn: ${err.message}`);
      process.exit(2);
    }
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
  let stopping = false;
  const stop = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) {
      // A second signal (Ctrl-C again) does not wait for the open requests: exit as the signal would.
      console.log(`tokenfn: ${signal} received again, stopping now`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    console.log(`tokenfn: ${signal} received, stopping`);
    running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only now that a signal stops it cleanly does it say where it listens.
  console.log(banner(running, loadedFrom));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
