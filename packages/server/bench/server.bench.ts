// Requests per second of the local server (src/server.ts) against a reference server (Express 5 with
// agora-token, same route, same body), same load tool (autocannon), same run. Target: >= 1.5x.
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
  const { silentLogger } = await import('@tokenfn/http');
  const s = await startServer({
    env: { AUTH_MODE: 'none', AGORA_APP_ID: DEMO.appId, AGORA_APP_CERTIFICATE: DEMO.appCertificate },
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
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

function startChild(kind: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
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

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind === 'serve-tokenfn' || kind === 'serve-express') {
    const url = kind === 'serve-tokenfn' ? await serveTokenfn() : await serveExpress();
    console.log(`READY ${url}`);
    return;
  }
  const ours = await startChild('serve-tokenfn');
  const ref = await startChild('serve-express');
  try {
    await check(ours.url);
    await check(ref.url);
    // warm-up
    await Promise.all([]);
    const results: { ours: number[]; ref: number[] } = { ours: [], ref: [] };
    console.log(
      `POST /v1/tokens/rtc, ${CONNECTIONS} connections x ${PIPELINING} pipelined, ${DURATION} s per run, ${ROUNDS} rounds (alternating)`,
    );
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, t] of [
        ['tokenfn local server', ours],
        ['express 5 + agora-token', ref],
      ] as const) {
        const r = await load(t.url);
        if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        (t === ours ? results.ours : results.ref).push(r.rps);
        console.log(
          `  round ${i + 1}  ${name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${r.p99} ms`,
        );
      }
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const a = avg(results.ours);
    const b = avg(results.ref);
    console.log(`tokenfn local server     ${a.toFixed(0)} req/s`);
    console.log(`express 5 + agora-token  ${b.toFixed(0)} req/s (baseline)`);
    const perRound = results.ours.map((x, i) => x / results.ref[i]!).sort((x, y) => x - y);
    const median = perRound[Math.floor(perRound.length / 2)]!;
    console.log(
      `ratio ${(a / b).toFixed(2)}x of the means; per round ${perRound.map((r) => r.toFixed(2)).join(', ')}; median ${median.toFixed(2)}x (target >= 1.5x)`,
    );
  } finally {
    ours.child.kill('SIGTERM');
    ref.child.kill('SIGTERM');
  }
}

await main();
