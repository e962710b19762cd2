// Requests per second of the local server (src/server.ts, default JSON logging) against two baselines in
// the same run, same route, same body, same load tool (autocannon):
// - a bare node:http server that reads and parses the JSON body and answers a fixed token-shaped JSON body
//   (what this machine can do at all): target >= 0.5x;
// - Express 5 with agora-token (what a team writes by hand): target >= 3x.
// Each server runs in its own process; autocannon runs here. Rounds alternate to share the noise.

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const BODY = JSON.stringify({ channel: 'bench-room', uid: 1234, role: 'publisher', expiresIn: 3600 });
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 16;
// pipelining keeps the load generator (same machine) from being the bottleneck
const PIPELINING = 8;
const DEMO = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
};

async function serveTokenfn(): Promise<string> {
  const { startServer } = await import('../src/server.js');
  const s = await startServer({
    env: { AUTH_MODE: 'none', AGORA_APP_ID: DEMO.appId, AGORA_APP_CERTIFICATE: DEMO.appCertificate },
    host: '127.0.0.1',
    port: 0,
  });
  return s.url;
}

interface ExpressResponse {
  status(code: number): ExpressResponse;
  set(name: string, value: string): ExpressResponse;
  json(body: unknown): void;
}

async function serveExpress(): Promise<string> {
  const express = (await import('express')).default;
  const { RtcTokenBuilder, RtcRole } = (await import('agora-token')).default as typeof import('agora-token');
  const app = express();
  app.use(express.json({ limit: '8kb' }));
  app.post('/v1/tokens/rtc', (req: { body?: Record<string, unknown> }, res: ExpressResponse) => {
    const { channel, uid, role, expiresIn } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof channel !== 'string' || typeof uid !== 'number' || typeof expiresIn !== 'number') {
      res.status(400).json({ error: 'invalid' });
      return;
    }
    const r = role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
    const token = RtcTokenBuilder.buildTokenWithUid(
      DEMO.appId,
      DEMO.appCertificate,
      channel,
      uid,
      r,
      expiresIn,
      expiresIn,
    );
    const issuedAt = Math.floor(Date.now() / 1000);
    res.set('Cache-Control', 'no-store').json({
      token,
      appId: DEMO.appId,
      channel,
      uid,
      role,
      issuedAt,
      expiresAt: issuedAt + expiresIn,
    });
  });
  return new Promise((ok) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const a = server.address() as import('node:net').AddressInfo;
      ok(`http://127.0.0.1:${a.port}`);
    });
  });
}

const FIXED = JSON.stringify({
  token: `007eJxTYBBbfeKvYkP1u2Ojc8_RzWbtUMoqW5ZwOE9p8XPNTPT8Nza${'A'.repeat(90)}`,
  appId: DEMO.appId,
  channel: 'bench-room',
  uid: 1234,
  role: 'publisher',
  issuedAt: 1_800_000_000,
  expiresAt: 1_800_003_600,
});

/** node:http alone: read the body, JSON.parse it, answer a fixed token-shaped body. */
async function serveBare(): Promise<string> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channel?: unknown };
      if (typeof body.channel !== 'string') {
        res.writeHead(400).end();
        return;
      }
      res
        .writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          'Content-Length': String(Buffer.byteLength(FIXED)),
        })
        .end(FIXED);
    });
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as import('node:net').AddressInfo;
      ok(`http://127.0.0.1:${a.port}`);
    });
  });
}

function startChild(kind: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
    // The server's log lines are read (and dropped) here, as a terminal or a log shipper would.
    rl.on('line', (line) => {
      if (line.startsWith('READY ')) ok({ url: line.slice(6).trim(), child });
    });
    child.once('exit', (code) => fail(new Error(`${kind} exited with ${code}`)));
  });
}

async function load(url: string): Promise<{ rps: number; p99: number; non2xx: number; errors: number }> {
  const autocannon = (await import('autocannon')).default;
  const r = await autocannon({
    url: `${url}/v1/tokens/rtc`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration: DURATION,
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function check(url: string): Promise<void> {
  const res = await fetch(`${url}/v1/tokens/rtc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token?.startsWith('007')) throw new Error(`${url} did not issue a token`);
}

const SERVERS = {
  'tokenfn local server': 'serve-tokenfn',
  'bare node:http (limit)': 'serve-bare',
  'express 5 + agora-token': 'serve-express',
} as const;

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind === 'serve-tokenfn' || kind === 'serve-express' || kind === 'serve-bare') {
    const url =
      kind === 'serve-tokenfn'
        ? await serveTokenfn()
        : kind === 'serve-bare'
          ? await serveBare()
          : await serveExpress();
    console.log(`READY ${url}`);
    return;
  }
  const running = Object.entries(SERVERS).map(async ([name, k]) => ({ name, ...(await startChild(k)) }));
  const servers = await Promise.all(running);
  try {
    for (const s of servers) await check(s.url);
    const rps: Record<string, number[]> = Object.fromEntries(servers.map((s) => [s.name, []]));
    console.log(
      `POST /v1/tokens/rtc, ${CONNECTIONS} connections x ${PIPELINING} pipelined, ${DURATION} s per run, ${ROUNDS} rounds (alternating), Node ${process.version}`,
    );
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of servers) {
        const r = await load(s.url);
        if (r.non2xx || r.errors) throw new Error(`${s.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        rps[s.name]?.push(r.rps);
        console.log(
          `  round ${i + 1}  ${s.name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${r.p99} ms`,
        );
      }
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const s of servers)
      console.log(
        `${s.name.padEnd(26)} ${avg(rps[s.name] ?? [])
          .toFixed(0)
          .padStart(7)} req/s`,
      );
    const ours = rps['tokenfn local server'] ?? [];
    const ratio = (baseline: string, target: number, label: string) => {
      const base = rps[baseline] ?? [];
      const perRound = ours.map((x, i) => x / (base[i] ?? Number.NaN)).sort((x, y) => x - y);
      const median = perRound[Math.floor(perRound.length / 2)] ?? Number.NaN;
      console.log(
        `${label}: ${(avg(ours) / avg(base)).toFixed(2)}x of the means; per round ${perRound.map((r) => r.toFixed(2)).join(', ')}; median ${median.toFixed(2)}x (target >= ${target}x: ${median >= target ? 'met' : 'MISSED'})`,
      );
    };
    ratio('bare node:http (limit)', 0.5, 'tokenfn / bare node:http');
    ratio('express 5 + agora-token', 3, 'tokenfn / express + agora-token');
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

await main();
