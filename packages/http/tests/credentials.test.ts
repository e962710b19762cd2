// The credential sources: parseSecretString, staticCredentials, and the caching wrapper every adapter uses.

import { TokenfnError } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { describe, expect, it } from 'vitest';
import type { CredentialSource } from '../src/index.js';
import {
  CredentialsUnavailableError,
  cachedCredentials,
  parseSecretString,
  staticCredentials,
} from '../src/index.js';

const A = { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: '5CFd2fd1755d40ecb72977518be15d3b' };
const B = { appId: '970CA35de60c44645bbae8a215061b33', appCertificate: 'ffffffffffffffffffffffffffffffff' };
const SECRETISH = 'S3cr3tValueThatMustNotLeak';

function malformed(fn: () => unknown): CredentialsUnavailableError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CredentialsUnavailableError);
    expect(err).toBeInstanceOf(TokenfnError);
    const e = err as CredentialsUnavailableError;
    expect(e.code).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(e.message).not.toContain(SECRETISH);
    return e;
  }
  throw new Error('expected a throw');
}

describe('parseSecretString', () => {
  it('several apps: one named __proto__ is refused, ones named like Object members are plain apps', () => {
    // JSON.parse makes "__proto__" an own key; assigned to a plain object it would set the prototype
    expect(
      malformed(() => parseSecretString(`{"apps": {"__proto__": ${JSON.stringify(A)}}}`)).message,
    ).toMatch(/app name/);
    const parsed = parseSecretString(JSON.stringify({ apps: { constructor: A, toString: A } }));
    if (!('apps' in parsed)) throw new Error('expected the several-apps form');
    expect(Object.keys(parsed.apps)).toEqual(['constructor', 'toString']);
    expect(parsed.apps['constructor']).toEqual(A);
    expect(Object.getPrototypeOf(parsed.apps)).toBeNull();
  });
  it('reads {appId, appCertificate} and ignores other members', () => {
    expect(parseSecretString(JSON.stringify({ ...A, rotatedAt: 'x' }))).toEqual(A);
  });
  it('says what is wrong without echoing the secret', () => {
    expect(malformed(() => parseSecretString(`appCertificate=${SECRETISH}`)).message).toMatch(/not JSON/);
    expect(malformed(() => parseSecretString(JSON.stringify([SECRETISH]))).message).toMatch(
      /not a JSON object/,
    );
    expect(malformed(() => parseSecretString(JSON.stringify({ appId: A.appId }))).message).toMatch(
      /no appCertificate/,
    );
    expect(
      malformed(() => parseSecretString(JSON.stringify({ appCertificate: A.appCertificate }))).message,
    ).toMatch(/no appId/);
    expect(
      malformed(() => parseSecretString(JSON.stringify({ appId: A.appId, appCertificate: SECRETISH })))
        .message,
    ).toMatch(/appCertificate is not 32 hexadecimal/);
    expect(
      malformed(() => parseSecretString(JSON.stringify({ appId: 5, appCertificate: A.appCertificate })))
        .message,
    ).toMatch(/appId is not 32 hexadecimal/);
  });
});

describe('staticCredentials', () => {
  it('answers its value, and rejects malformed values on get()', async () => {
    expect(await staticCredentials(A).get()).toEqual(A);
    await expect(
      staticCredentials({ appId: A.appId, appCertificate: SECRETISH }).get(),
    ).rejects.toMatchObject({
      code: 'ERR_CREDENTIALS_MALFORMED',
    });
  });
});

/** A source whose answers are scripted; each get() resolves when the test says so. */
function scripted() {
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const source: CredentialSource & { calls: number } = {
    calls: 0,
    get() {
      source.calls++;
      return new Promise((resolve, reject) =>
        pending.push({ resolve: resolve as (v: unknown) => void, reject }),
      );
    },
  };
  const settle = async (v: unknown, ok = true) => {
    const p = pending.shift();
    if (!p) throw new Error('no pending get');
    if (ok) p.resolve(v);
    else p.reject(v);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { source, settle, pending };
}

describe('cachedCredentials', () => {
  it('serves a loaded value while fresh; then serves it at once while one refresh runs behind', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, { cacheSeconds: 300, maxStaleSeconds: 3600, now: () => t });
    const first = c.get();
    await s.settle(A);
    expect(await first).toEqual(A);
    t = 299_999;
    expect(await c.get()).toEqual(A);
    expect(s.source.calls).toBe(1);
    t = 300_000;
    expect(await c.get()).toEqual(A); // stale, answered without waiting for the store
    expect(s.source.calls).toBe(2);
    await s.settle(B);
    expect(await c.get()).toEqual(B);
    expect(s.source.calls).toBe(2);
  });

  it('coalesces concurrent misses into one fetch', async () => {
    const s = scripted();
    const c = cachedCredentials(s.source, { cacheSeconds: 300, maxStaleSeconds: 3600, now: () => 0 });
    const all = Promise.all(Array.from({ length: 50 }, () => c.get()));
    expect(s.source.calls).toBe(1);
    await s.settle(A);
    expect(new Set((await all).map((x) => x.appCertificate))).toEqual(new Set([A.appCertificate]));
    expect(s.source.calls).toBe(1);
  });

  it('serves the last good value while refreshes fail, up to maxStaleSeconds, then throws', async () => {
    let t = 0;
    const logs = new LogCapture();
    const s = scripted();
    const c = cachedCredentials(s.source, {
      cacheSeconds: 10,
      maxStaleSeconds: 60,
      now: () => t,
      logger: logs.logger,
      retryAfterFailureMs: 0,
    });
    const p0 = c.get();
    await s.settle(A);
    await p0;
    t = 11_000; // stale
    const p1 = c.get();
    await s.settle(new Error('ThrottlingException: secret arn:aws:secretsmanager:xyz'), false);
    expect(await p1).toEqual(A);
    t = 69_999; // still within 10 s fresh + 60 s stale
    const p2 = c.get();
    await s.settle(new Error('down'), false);
    expect(await p2).toEqual(A);
    t = 70_000; // too stale
    const p3 = expect(c.get()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_UNAVAILABLE' });
    await s.settle(new Error('down'), false);
    await p3;
    const warns = logs.entries().filter((e) => e['message'] === 'credentials refresh failed');
    expect(warns.map((w) => w['servingStale'])).toEqual([true, true, false]);
    expect(logs.lines.join('\n')).not.toContain('arn:aws');
    // recovery
    const p4 = c.get();
    await s.settle(B);
    expect(await p4).toEqual(B);
  });

  it('treats a malformed refreshed value like a failed refresh', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, {
      cacheSeconds: 1,
      maxStaleSeconds: 5,
      now: () => t,
      retryAfterFailureMs: 0,
    });
    const p0 = c.get();
    await s.settle(A);
    await p0;
    t = 2000;
    const p1 = c.get();
    await s.settle({ appId: A.appId, appCertificate: SECRETISH });
    expect(await p1).toEqual(A);
    t = 7000;
    const p2 = expect(c.get()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_MALFORMED' });
    await s.settle({ appId: A.appId, appCertificate: SECRETISH });
    await p2;
  });

  it('with nothing loaded yet, a failure is a 503-class error at once', async () => {
    const s = scripted();
    const c = cachedCredentials(s.source, { cacheSeconds: 300, maxStaleSeconds: 3600, now: () => 0 });
    const p = expect(c.get()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await s.settle(new TypeError('fetch failed'), false);
    await p;
    // within the retry back-off the store is not asked again
    await expect(c.get()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_UNAVAILABLE' });
    expect(s.source.calls).toBe(1);
  });

  it('waits a back-off after a failure before asking the store again', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, {
      cacheSeconds: 10,
      maxStaleSeconds: 60,
      now: () => t,
      retryAfterFailureMs: 1000,
    });
    const p0 = c.get();
    await s.settle(A);
    await p0;
    t = 10_000;
    const p1 = c.get();
    await s.settle(new Error('x'), false);
    expect(await p1).toEqual(A);
    t = 10_500;
    expect(await c.get()).toEqual(A);
    expect(s.source.calls).toBe(2);
    t = 11_001;
    expect(await c.get()).toEqual(A);
    expect(s.source.calls).toBe(3);
    await s.settle(B);
    expect(await c.get()).toEqual(B);
  });

  it('a hanging store past the fresh window holds no request: 20 at once are answered, one refresh runs', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, { cacheSeconds: 300, maxStaleSeconds: 3600, now: () => t });
    const p0 = c.get();
    await s.settle(A);
    await p0;
    t = 301_000;
    const answers = await Promise.race([
      Promise.all(Array.from({ length: 20 }, () => c.get())),
      new Promise((r) => setTimeout(() => r('waited'), 100)),
    ]);
    expect(answers).toEqual(Array.from({ length: 20 }, () => A));
    expect(s.source.calls).toBe(2); // the one background refresh, still hanging
    t = 320_000;
    expect(await c.get()).toEqual(A);
    expect(s.source.calls).toBe(2);
  });

  it('backs off exponentially while the store keeps failing, bounded, and starts over after a success', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, {
      cacheSeconds: 10,
      maxStaleSeconds: 3600,
      now: () => t,
      retryAfterFailureMs: 1000,
      maxRetryAfterFailureMs: 8000,
    });
    const p0 = c.get();
    await s.settle(A);
    await p0;
    // Ask every 100 ms for 40 s of outage; record when the store is called.
    const calledAt: number[] = [];
    for (t = 10_000; t <= 50_000; t += 100) {
      const before = s.source.calls;
      expect(await c.get()).toEqual(A);
      if (s.source.calls > before) {
        calledAt.push(t);
        await s.settle(new Error('down'), false);
      }
    }
    const gaps = calledAt.slice(1).map((x, i) => x - calledAt[i]!);
    expect(gaps.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(gaps.every((g) => g <= 8000)).toBe(true);
    // recovery resets the back-off
    t = 70_000;
    expect(await c.get()).toEqual(A);
    await s.settle(B);
    expect(await c.get()).toEqual(B);
    t = 80_001;
    expect(await c.get()).toEqual(B);
    await s.settle(new Error('down again'), false);
    t = 81_001;
    const calls = s.source.calls;
    await c.get();
    expect(s.source.calls).toBe(calls + 1); // 1 s after the first failure of a new outage
    await s.settle(B);
  });

  it('with nothing usable, gets during the back-off (readiness probes too) answer the last error without calling the store', async () => {
    let t = 0;
    const s = scripted();
    const c = cachedCredentials(s.source, { cacheSeconds: 300, maxStaleSeconds: 0, now: () => t });
    const p = expect(c.get()).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await s.settle(new Error('down'), false);
    await p;
    for (t = 0; t < 1000; t += 50) {
      await expect(c.get()).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_UNAVAILABLE' });
    }
    expect(s.source.calls).toBe(1);
  });
});
