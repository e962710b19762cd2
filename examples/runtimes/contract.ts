// The contract suite against an example running as its own process (Deno, Bun, functions-framework), over
// real HTTP on loopback, with the process's log lines checked for secrets afterwards; and the check that
// the example refuses AUTH_MODE=gateway, which no platform but API Gateway can serve.
import type { ContractSuiteOptions } from '@tokenfn/contract-tests';
import { CONTRACT_API_KEY, CONTRACT_ENV, defineContractSuite } from '@tokenfn/contract-tests';
import { sendOverHttp } from '@tokenfn/contract-tests/http-client';
import { expectCleanLogs, recordingSecrets, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ServerProcess } from './runtimes.ts';

export interface ProcessTargetOptions extends ContractSuiteOptions {
  /** A path the platform puts in front of the app's own (Supabase: /<function name>). */
  pathPrefix?: string;
}

/**
 * Starts the example with `start(env)` (given CONTRACT_ENV), runs the whole contract suite against it, then
 * stops it and checks every line it wrote.
 */
export function defineProcessContract(
  name: string,
  start: (env: Record<string, string>) => Promise<ServerProcess>,
  o: ProcessTargetOptions = {},
): void {
  const secrets = new SecretSet();
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    server = await start({ ...CONTRACT_ENV });
  }, 30_000);

  afterAll(async () => {
    if (!server) return;
    await server.stop();
    const lines = server.lines();
    expect(lines.filter((l) => l.includes('"message":"request"')).length).toBeGreaterThan(40);
    secrets.add(CONTRACT_ENV['AGORA_APP_CERTIFICATE'], CONTRACT_API_KEY);
    expectCleanLogs(lines, secrets);
  });

  const send = async (request: Request) =>
    sendOverHttp(server!.url, o.pathPrefix ? await prefixed(request, o.pathPrefix) : request);
  defineContractSuite(name, () => ({ fetch: recordingSecrets(secrets, send) }), o);
}

/** The same request at `prefix` + its path. */
async function prefixed(request: Request, prefix: string): Promise<Request> {
  const u = new URL(request.url);
  const body = request.body ? await request.arrayBuffer() : undefined;
  return new Request(`${u.origin}${prefix}${u.pathname}${u.search}`, {
    method: request.method,
    headers: request.headers,
    ...(body ? { body } : {}),
  });
}

/**
 * One test: started with AUTH_MODE=gateway, the example answers a 500 ERR_CONFIGURATION problem and logs
 * the configuration error naming AUTH_MODE.
 */
export function itRefusesGatewayMode(start: (env: Record<string, string>) => Promise<ServerProcess>): void {
  it('refuses AUTH_MODE=gateway: a 500 ERR_CONFIGURATION answer and a log line naming AUTH_MODE', async () => {
    const server = await start({ ...CONTRACT_ENV, AUTH_MODE: 'gateway' });
    try {
      const res = await sendOverHttp(server.url, new Request('http://x/healthz'));
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: 'ERR_CONFIGURATION' });
    } finally {
      await server.stop();
    }
    const config = server
      .lines()
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e['code'] === 'ERR_CONFIG');
    expect(config).toMatchObject({ variable: 'AUTH_MODE', reason: expect.stringContaining('not supported') });
  });
}

/** A platform's Web handler, as the platform calls it. */
export type WebHandler = (request: Request) => Promise<Response>;

/**
 * The contract suite against a handler module in this process (Vercel, Netlify): `load()` imports it after
 * CONTRACT_ENV is in process.env, so the module builds its app as on the platform; the lines it writes to
 * console.log are kept (not printed) and checked for secrets afterwards.
 */
export function defineHandlerContract(name: string, load: () => Promise<WebHandler>): void {
  const secrets = new SecretSet();
  const lines: string[] = [];
  let handler: WebHandler | undefined;

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    for (const [k, v] of Object.entries(CONTRACT_ENV)) vi.stubEnv(k, v);
    vi.resetModules();
    handler = await load();
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    expect(lines.filter((l) => l.includes('"message":"request"')).length).toBeGreaterThan(40);
    secrets.add(CONTRACT_ENV['AGORA_APP_CERTIFICATE'], CONTRACT_API_KEY);
    expectCleanLogs(lines, secrets);
  });

  defineContractSuite(name, () => ({ fetch: recordingSecrets(secrets, (r) => handler!(r)) }));
}

/** `itRefusesGatewayMode` for a handler module: loaded afresh with AUTH_MODE=gateway in process.env. */
export function itRefusesGatewayModeInProcess(load: () => Promise<WebHandler>): void {
  it('refuses AUTH_MODE=gateway: a 500 ERR_CONFIGURATION answer and a log line naming AUTH_MODE', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    for (const [k, v] of Object.entries({ ...CONTRACT_ENV, AUTH_MODE: 'gateway' })) vi.stubEnv(k, v);
    try {
      vi.resetModules();
      const handler = await load();
      const res = await handler(new Request('https://x.example/healthz'));
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: 'ERR_CONFIGURATION' });
    } finally {
      vi.unstubAllEnvs();
      log.mockRestore();
    }
    const config = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e['code'] === 'ERR_CONFIG');
    expect(config).toMatchObject({ variable: 'AUTH_MODE', reason: expect.stringContaining('not supported') });
  });
}
