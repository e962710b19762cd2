// Shared by the workerd tests: the built bundle's handler, bindings from miniflare, log capture.
import { adminSecretsStore } from 'cloudflare:test';
import { env as workerEnv } from 'cloudflare:workers';
import { vi } from 'vitest';
// @ts-expect-error -- the bundle `pnpm build` wrote (dist/index.js) has no type declarations
import bundle from '../dist/index.js';
import type { RateLimitBinding, SecretsStoreSecret, WorkerEnv } from '../src/bindings';

export interface WorkerHandler {
  fetch(request: Request, env: WorkerEnv, ctx?: unknown): Promise<Response>;
}

/** The default export of dist/index.js: the same module instance the pool runs as `main`. */
export const worker = bundle as WorkerHandler;

/** Bindings added by vitest.config.ts (tests/bindings.config.ts) on top of wrangler.jsonc. */
export const bindings = workerEnv as unknown as {
  AGORA_APP_ID: string;
  AGORA_APP_CERTIFICATE: string;
  RATE_LIMITER: RateLimitBinding;
  TIGHT_RATE_LIMITER: RateLimitBinding;
  CERTIFICATE_STORE: SecretsStoreSecret;
  CONTRACT_STORE: SecretsStoreSecret;
  PREVIOUS_STORE: SecretsStoreSecret;
  APPS_STORE: SecretsStoreSecret;
};

/** Creates or replaces the value of a Secrets Store secret binding. */
export async function seedSecretsStore(binding: SecretsStoreSecret, value: string): Promise<void> {
  const admin = adminSecretsStore(binding);
  try {
    await admin.create(value);
  } catch {
    const [existing] = await admin.list();
    const id = existing?.metadata?.uuid;
    if (!id) throw new Error('could not seed the Secrets Store');
    await admin.update(value, id);
  }
}

/** Captures the JSON log lines the Worker writes with console.log while `fn` runs. */
export async function captureLogs<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const raw: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    raw.push(args.map(String).join(' '));
  });
  try {
    const result = await fn();
    return { result, lines: raw.map(parseLine) };
  } finally {
    spy.mockRestore();
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomHex32(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export function rtcRequest(headers: Record<string, string>, body: unknown = defaultRtcBody): Request {
  return new Request('https://tokenfn.test/v1/tokens/rtc', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export const defaultRtcBody = { channel: 'worker-test', uid: 1234, role: 'publisher', expiresIn: 600 };

/** A rate limit binding that records the keys it is asked about and forwards to a real one. */
export function recordingLimiter(inner: RateLimitBinding): RateLimitBinding & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    limit(o) {
      keys.push(o.key);
      return inner.limit(o);
    },
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { raw: line };
  } catch {
    return { raw: line };
  }
}

/**
 * The local rate limiter counts in fixed windows aligned to the clock (floor(now / period)). A test that
 * needs N requests inside one window waits out the end of the current window if fewer than `needMs`
 * remain, so it cannot straddle a reset.
 */
export async function startOfFreshWindow(periodSeconds: number, needMs = 5000): Promise<void> {
  const left = periodSeconds * 1000 - (Date.now() % (periodSeconds * 1000));
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
