// The app is built once per isolate on the first request; a configuration the Worker cannot serve
// (AUTH_MODE=gateway, or anything loadConfig refuses) is a 500 problem and a log line that says why.
import { describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../src/bindings';
import { TEST_APP_CERTIFICATE, TEST_APP_ID } from './bindings.config';
import { captureLogs, rtcRequest, sha256Hex, worker } from './helpers';

const healthz = () => new Request('https://tokenfn.test/healthz');

describe('building the app', () => {
  it('happens once per isolate (per env), on the first request', async () => {
    const env: WorkerEnv = { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true', AGORA_APP_ID: TEST_APP_ID };
    const { result, lines } = await captureLogs(async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await worker.fetch(healthz(), env)).status);
      return statuses;
    });
    expect(result).toEqual([200, 200, 200]);
    expect(lines.filter((l) => l['message'] === 'app initialised')).toHaveLength(1);
  });
});

describe('vars written as JSON numbers or booleans in wrangler.jsonc', () => {
  it('count like their text instead of being ignored', async () => {
    const env: WorkerEnv = {
      AUTH_MODE: 'none',
      ALLOW_UNAUTHENTICATED: true,
      MAX_EXPIRES_IN: 600,
      AGORA_APP_ID: TEST_APP_ID,
      AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
    };
    const rtc = (body: Record<string, unknown>) =>
      worker.fetch(
        new Request('https://tokenfn.test/v1/tokens/rtc', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ channel: 'vars', uid: 7, ...body }),
        }),
        env,
      );
    const { result } = await captureLogs(async () => {
      const tooLong = await rtc({ expiresIn: 3600 });
      const defaulted = (await (await rtc({})).json()) as { issuedAt: number; expiresAt: number };
      return { tooLong: tooLong.status, lifetime: defaulted.expiresAt - defaulted.issuedAt };
    });
    expect(result).toEqual({ tooLong: 400, lifetime: 600 });
  });
});

describe('configuration refused at the first request', () => {
  it('AUTH_MODE=gateway: 500 problem, and a log line saying gateway is Lambda-only', async () => {
    const env: WorkerEnv = {
      AUTH_MODE: 'gateway',
      AGORA_APP_ID: TEST_APP_ID,
      AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
    };
    const { result, lines } = await captureLogs(() => worker.fetch(healthz(), env));
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json');
    const body = (await result.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION' });
    expect(JSON.stringify(body)).not.toContain('gateway'); // internals stay in the log
    expect(result.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l['message'] === 'configuration invalid');
    expect(line).toMatchObject({ level: 'ERROR', code: 'ERR_CONFIG', variable: 'AUTH_MODE' });
    expect(String(line?.['reason'])).toContain('AUTH_MODE: gateway is not supported on Cloudflare Workers');
    // and each refused request has its own line, with the reason
    const refused = lines.find((l) => l['message'] === 'request refused: configuration invalid');
    expect(refused).toMatchObject({ level: 'ERROR', status: 500, code: 'ERR_CONFIGURATION' });
    expect(refused?.['requestId']).toBe(result.headers.get('x-request-id'));
  });

  it('an invalid configuration names the variable in the log', async () => {
    const cases: [WorkerEnv, string][] = [
      [{ AGORA_APP_ID: TEST_APP_ID }, 'AUTH_MODE'],
      [{ AUTH_MODE: 'api-key' }, 'API_KEY_HASHES'],
      [{ AUTH_MODE: 'none' }, 'ALLOW_UNAUTHENTICATED'],
      [{ AUTH_MODE: 'jwt', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, 'JWT_JWKS_URL'],
      [
        {
          AUTH_MODE: 'none',
          ALLOW_UNAUTHENTICATED: 'true',
          RATE_LIMIT_PERIOD_SECONDS: '30',
          RATE_LIMITER: { limit: async () => ({ success: true }) },
        },
        'RATE_LIMIT_PERIOD_SECONDS',
      ],
    ];
    for (const [env, variable] of cases) {
      const { result, lines } = await captureLogs(() => worker.fetch(healthz(), env));
      expect(result.status).toBe(500);
      const line = lines.find((l) => l['message'] === 'configuration invalid');
      expect(line?.['code']).toBe('ERR_CONFIG');
      expect(String(line?.['reason'])).toContain(variable);
    }
  });

  it('keeps refusing on later requests of the same isolate, logging the reason once', async () => {
    const env: WorkerEnv = { AUTH_MODE: 'gateway' };
    const { result, lines } = await captureLogs(async () => [
      (await worker.fetch(healthz(), env)).status,
      (await worker.fetch(healthz(), env)).status,
    ]);
    expect(result).toEqual([500, 500]);
    expect(lines.filter((l) => l['message'] === 'configuration invalid')).toHaveLength(1);
    expect(lines.filter((l) => l['message'] === 'request refused: configuration invalid')).toHaveLength(2);
  });
});

describe('vars written as JSON objects in wrangler.jsonc', () => {
  it('count as their JSON text: API_KEY_SCOPES as an object restricts the key', async () => {
    const key = 'scoped-worker-key';
    const hash = await sha256Hex(key);
    const env: WorkerEnv = {
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: hash,
      API_KEY_SCOPES: { [hash]: { products: ['rtm'] } },
      AGORA_APP_ID: TEST_APP_ID,
      AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
    };
    const { result } = await captureLogs(async () => {
      const r = await worker.fetch(rtcRequest({ 'x-api-key': key }), env);
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    });
    expect(result.status).toBe(403);
  });
});

describe('the rate limiting settings', () => {
  const refusal = async (env: WorkerEnv) => {
    const { result, lines } = await captureLogs(() => worker.fetch(healthz(), env));
    const body = (await result.json()) as Record<string, unknown>;
    return {
      status: result.status,
      code: body['code'],
      line: lines.find((l) => l['message'] === 'configuration invalid'),
    };
  };
  const open: WorkerEnv = { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' };
  const limiter = { limit: async () => ({ success: true }) };

  it('a RATE_LIMITER that is not a rate limiting binding is refused, not silently unlimited', async () => {
    for (const wrong of ['60', {}, { get: async () => 'x' }]) {
      const r = await refusal({ ...open, RATE_LIMITER: wrong as never });
      expect(r).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION' });
      expect(r.line).toMatchObject({ variable: 'RATE_LIMITER' });
      expect(String(r.line?.['reason'])).toContain('ratelimits');
    }
  });

  it('RATE_LIMIT_PERIOD_SECONDS takes 10 or 60 as written, nothing that only converts to them', async () => {
    for (const odd of ['0x3c', '6e1', '60.0', '1e1', '+10', '30', 'sixty']) {
      const r = await refusal({ ...open, RATE_LIMITER: limiter, RATE_LIMIT_PERIOD_SECONDS: odd });
      expect(r.status, odd).toBe(500);
      expect(r.line?.['variable'], odd).toBe('RATE_LIMIT_PERIOD_SECONDS');
    }
  });

  it('RATE_LIMIT_PERIOD_SECONDS is checked without the binding too', async () => {
    const r = await refusal({ ...open, RATE_LIMIT_PERIOD_SECONDS: '30' });
    expect(r.status).toBe(500);
    expect(r.line?.['variable']).toBe('RATE_LIMIT_PERIOD_SECONDS');
  });

  it('RATE_LIMIT_PERIOD_SECONDS as a JSON number or with spaces is the period', async () => {
    const refuse = { limit: async () => ({ success: false }) };
    for (const [value, expected] of [
      [10, '10'],
      [' 10 ', '10'],
      [60, '60'],
    ] as const) {
      const env: WorkerEnv = {
        ...open,
        RATE_LIMITER: refuse,
        RATE_LIMIT_PERIOD_SECONDS: value as unknown as string,
      };
      const { result } = await captureLogs(() =>
        worker.fetch(
          new Request('https://tokenfn.test/v1/tokens/rtc', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ channel: 'period', uid: 1 }),
          }),
          { ...env, AGORA_APP_ID: TEST_APP_ID, AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE },
        ),
      );
      expect(result.status).toBe(429);
      expect(result.headers.get('retry-after')).toBe(expected);
    }
  });
});
