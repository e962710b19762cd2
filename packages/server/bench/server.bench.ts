// Requests per second of the local server as `pnpm start` runs it (the bundle, default JSON logging)
// against two baselines in the same run, same route, same body, same load tool (autocannon):
// - a bare node:http server that reads and parses the JSON body and answers a fixed token-shaped JSON body
//   (what this machine can do at all): target >= 0.5x;
// - Express 5 with agora-token (what a team writes by hand): target >= 3x.
// Each server runs in its own process, by plain `node`; autocannon runs here. Rounds alternate to share
// the noise.

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CREDENTIALS } from '@tokenfn/core';
import { buildServer } from '../scripts/build.js';

const BODY = JSON.stringify({ channel: 'bench-room', uid: 1234, role: 'publisher', expiresIn: 3600 });
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = 16;
// pipelining keeps the load generator (same machine) from being the bottleneck
const PIPELINING = 8;
/** Every server signs with (or answers as) the same App ID and certificate, given by the environment. */
const CREDENTIALS = {
  AGORA_APP_ID: DEMO_CREDENTIALS.appId,
  AGORA_APP_CERTIFICATE: DEMO_CREDENTIALS.appCertificate,
};
const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * One server in its own process, by plain `node`: tokenfn as `pnpm start` runs it (the bundle of
 * scripts/build.ts, default logging to stdout), the baselines from ./baselines.mjs. Each child's stdout goes
 * to a file, as a process manager or a shell's `> server.log` would have it: the server pays for every line
 * it writes, and the load generator (this process, on the same two cores) reads none of them.
 */
async function startChild(
  kind: string,
  bundle: string,
  dir: string,
): Promise<{ url: string; child: ChildProcess; stdoutFile: string }> {
  const stdoutFile = join(dir, `${kind}.stdout`);
  const fd = openSync(stdoutFile, 'w');
  const child =
    kind === 'tokenfn'
      ? spawn(process.execPath, [bundle], {
          env: {
            PATH: process.env['PATH'] ?? '',
            PORT: '0',
            AUTH_MODE: 'none',
            ...CREDENTIALS,
          },
          stdio: ['ignore', fd, 'inherit'],
        })
      : spawn(process.execPath, [join(HERE, 'baselines.mjs'), kind], {
          env: { PATH: process.env['PATH'] ?? '', ...CREDENTIALS },
          stdio: ['ignore', fd, 'inherit'],
        });
  closeSync(fd);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    const text = readFileSync(stdoutFile, 'utf8');
    const ready = /^READY (\S+)/m.exec(text) ?? /listening on (http:\/\/\S+)/.exec(text);
    if (ready) return { url: ready[1]!, child, stdoutFile };
    if (exited !== undefined) throw new Error(`${kind} exited with ${exited}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${kind} did not say where it listens within 30 s`);
}

/** The request log lines tokenfn wrote to its stdout (one per request with the default logging). */
function requestLines(stdoutFile: string): number {
  return readFileSync(stdoutFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"route":"/v1/tokens/rtc"')).length;
}

async function load(
  url: string,
  duration = DURATION,
): Promise<{ rps: number; requests: number; p99: number; non2xx: number; errors: number }> {
  const autocannon = (await import('autocannon')).default;
  const r = await autocannon({
    url: `${url}/v1/tokens/rtc`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    duration,
  });
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
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
  'tokenfn local server': 'tokenfn',
  'bare node:http (limit)': 'bare',
  'express 5 + agora-token': 'express',
} as const;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenfn-server-bench-'));
  const bundle = join(dir, 'server.mjs');
  await buildServer(bundle);
  const running = Object.entries(SERVERS).map(async ([name, k]) => ({
    name,
    ...(await startChild(k, bundle, dir)),
  }));
  const servers = await Promise.all(running);
  try {
    for (const s of servers) await check(s.url);
    // The same warm-up for each (the JIT compiles the hot paths), not counted.
    for (const s of servers) await load(s.url, 2);
    const rps: Record<string, number[]> = Object.fromEntries(servers.map((s) => [s.name, []]));
    let served = 0;
    console.log(
      `POST /v1/tokens/rtc, ${CONNECTIONS} connections x ${PIPELINING} pipelined, ${DURATION} s per run, ${ROUNDS} rounds (alternating), Node ${process.version}`,
    );
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of servers) {
        const r = await load(s.url);
        if (r.non2xx || r.errors) throw new Error(`${s.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        rps[s.name]?.push(r.rps);
        if (s.name === 'tokenfn local server') served += r.requests;
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
    // Its default logging was on throughout: a request line for every request it answered.
    const tokenfn = servers.find((s) => s.name === 'tokenfn local server')!;
    const lines = requestLines(tokenfn.stdoutFile);
    if (lines < served) throw new Error(`tokenfn wrote ${lines} request lines for ${served} requests`);
    console.log(`tokenfn wrote ${lines} request log lines (${served} requests in the measured rounds)`);
    ratio('bare node:http (limit)', 0.5, 'tokenfn / bare node:http');
    ratio('express 5 + agora-token', 3, 'tokenfn / express + agora-token');
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
