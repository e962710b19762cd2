// What the client's tests share: the real local server on loopback, a fetch that counts what it sends,
// a stub fetch and token answers for what the server does not do, a timer the test fires by hand, and a
// look inside the tokens the server made.

import { CONTRACT_API_KEY, CONTRACT_ENV } from '@tokenfn/contract-tests';
import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { decodeToken } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { type RunningServer, startServer } from '@tokenfn/server';
import { expect } from 'vitest';
import type { IssuedToken, Timer } from '../src/index.js';

export { CONTRACT_API_KEY };

export interface TestServer {
  url: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/** The local server (api-key auth, as every contract target) on a free loopback port. */
export async function startTokenServer(env: Record<string, string> = {}): Promise<TestServer> {
  const logs = new LogCapture();
  const server: RunningServer = await startServer({
    env: { ...CONTRACT_ENV, ...env },
    host: '127.0.0.1',
    port: 0,
    logger: logs.logger,
  });
  return { url: server.url, logs, close: () => server.close() };
}

/** No key, certificate or token the tests handled (`other` keys and certificates too) is in the log lines. */
export function expectNoSecretsLogged(logs: LogCapture, tokens: string[], other: string[] = []): void {
  const secrets = new SecretSet();
  secrets.add(CONTRACT_ENV['AGORA_APP_CERTIFICATE'], CONTRACT_API_KEY, ...other, ...tokens);
  expectCleanLogs(logs.lines, secrets);
}

/** The global fetch, counting the requests it sends (and the paths). */
export function countingFetch(): typeof fetch & { paths: string[] } {
  const paths: string[] = [];
  const f = ((input: RequestInfo | URL, init?: RequestInit) => {
    paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  }) as typeof fetch & { paths: string[] };
  f.paths = paths;
  return f;
}

export const apiKeyHeaders = { 'X-API-Key': CONTRACT_API_KEY };

/** A Timer the test fires: `pending` holds what is set and not cancelled. */
export function manualTimer(): Timer & { pending: { fn: () => void; ms: number }[]; fireAll(): void } {
  const pending: { fn: () => void; ms: number }[] = [];
  const timer = ((fn: () => void, ms: number) => {
    const entry = { fn, ms };
    pending.push(entry);
    return () => {
      const i = pending.indexOf(entry);
      if (i >= 0) pending.splice(i, 1);
    };
  }) as Timer & { pending: typeof pending; fireAll(): void };
  timer.pending = pending;
  timer.fireAll = () => {
    for (const e of pending.splice(0)) e.fn();
  };
  return timer;
}

/** The RTC service inside a token: channel and uid as packed. */
export function rtcServiceOf(token: string): { channelName: string; uid: string; expire: number } {
  const d = decodeToken(token);
  if (d.version !== '007') throw new Error('expected a 007 token');
  const rtc = d.services.find((s) => s.name === 'rtc');
  if (rtc?.name !== 'rtc') throw new Error('no RTC service in the token');
  return { channelName: rtc.channelName, uid: rtc.uid, expire: d.expire };
}

/** The user id of a token's RTM or Chat service. */
export function userIdOf(token: string, name: 'rtm' | 'chat'): string {
  const d = decodeToken(token);
  if (d.version !== '007') throw new Error('expected a 007 token');
  const s = d.services.find((x) => x.name === name) as { userId?: string } | undefined;
  if (s?.userId === undefined) throw new Error(`no ${name} service in the token`);
  return s.userId;
}

/** Waits until `check` passes (a few seconds at most). */
export async function eventually(check: () => void, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }
}

export function expectIssued(t: IssuedToken): void {
  expect(t.token).toMatch(/^007/);
  expect(t.expiresAt).toBeGreaterThan(t.issuedAt);
}

let stubIssued = 0;
/** A token answer of `lifetime` seconds; the server's clock is years off the device's (it must not matter). */
export const tokenAnswer = (lifetime = 600): Response =>
  Response.json({
    token: `007eJxfake${++stubIssued}`,
    app: 'default',
    appId: '970CA35de60c44645bbae8a215061b33',
    issuedAt: 1_500_000_000,
    expiresAt: 1_500_000_000 + lifetime,
  });

/** A fetch that answers the n-th request with `reply(n)` (and, like some platforms' fetch, never looks at the signal). */
export function stubFetch(reply: (n: number) => Response | Promise<Response>): {
  f: typeof fetch;
  sent: RequestInit[];
} {
  const sent: RequestInit[] = [];
  const f = (async (_: unknown, init: RequestInit) => {
    sent.push(init);
    return reply(sent.length);
  }) as unknown as typeof fetch;
  return { f, sent };
}
