// The handler's log lines as CloudWatch Embedded Metric Format: each line that counts for something is
// checked against the EMF document rules (an `_aws` object with a millisecond Timestamp, directives whose
// namespace, dimension sets and metrics all point at members of the line, CloudWatch units), carries the
// figures its request produced, and holds no token, certificate or header value.
import { type CredentialSource, staticCredentials } from '@tokenfn/http';
import { describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../src/handler';
import { DEFAULT_METRICS_NAMESPACE, METRIC_DIMENSIONS, METRICS } from '../src/metrics';
import { invoke, waitFor } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const BEARER = 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZXRyaWNzIn0.c2lnbmF0dXJl';

/** The units CloudWatch accepts in a MetricDefinition. */
const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

interface Extracted {
  namespace: string;
  metric: string;
  unit: string;
  value: number;
  dimensions: Record<string, string>;
}

/**
 * Parses one line as CloudWatch Logs would: fails the test on anything the EMF rules refuse, and returns
 * each metric value the line yields, once per dimension set.
 */
function extractEmf(line: string): Extracted[] {
  const root = JSON.parse(line) as Record<string, unknown>;
  expect(typeof root).toBe('object');
  const aws = root['_aws'] as { Timestamp?: unknown; CloudWatchMetrics?: unknown };
  expect(aws, 'the _aws member').toBeTypeOf('object');
  expect(Number.isInteger(aws.Timestamp) && (aws.Timestamp as number) > 1_600_000_000_000).toBe(true);
  expect(Array.isArray(aws.CloudWatchMetrics)).toBe(true);
  const out: Extracted[] = [];
  for (const directive of aws.CloudWatchMetrics as Record<string, unknown>[]) {
    expect(Object.keys(directive).sort()).toEqual(['Dimensions', 'Metrics', 'Namespace']);
    const namespace = directive['Namespace'] as string;
    expect(namespace).toMatch(/^[^:].{0,1023}$/);
    expect(namespace.startsWith('AWS/')).toBe(false);
    const dimensionSets = directive['Dimensions'] as string[][];
    const metrics = directive['Metrics'] as { Name: string; Unit: string }[];
    expect(dimensionSets.length).toBeGreaterThan(0);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.length).toBeLessThanOrEqual(100);
    for (const set of dimensionSets) {
      expect(set.length).toBeGreaterThan(0);
      expect(set.length).toBeLessThanOrEqual(30);
      for (const name of set) {
        const value = root[name];
        expect(typeof value, `dimension ${name}`).toBe('string');
        expect((value as string).length).toBeGreaterThan(0);
        expect((value as string).length).toBeLessThanOrEqual(1024);
      }
    }
    for (const m of metrics) {
      expect(Object.keys(m).sort()).toEqual(['Name', 'Unit']);
      expect(UNITS.has(m.Unit), m.Unit).toBe(true);
      const value = root[m.Name];
      expect(typeof value === 'number' && Number.isFinite(value), `metric ${m.Name}`).toBe(true);
      for (const set of dimensionSets) {
        out.push({
          namespace,
          metric: m.Name,
          unit: m.Unit,
          value: value as number,
          dimensions: Object.fromEntries(set.map((name) => [name, root[name] as string])),
        });
      }
    }
  }
  return out;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`https://api.example.com${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const jwtAuthorizer = (claims: Record<string, unknown>) => ({ jwt: { claims, scopes: null } });

const S = METRIC_DIMENSIONS.service;

describe('EMF from the log lines', () => {
  it('a request, a token, a 401 and a 403 become the metrics they count for, in valid EMF', async () => {
    const logs = captureLogs();
    const secrets = new SecretSet();
    secrets.add(CERT, BEARER);
    const handler = createLambdaHandler({
      env: {
        AGORA_APP_ID: APP_ID,
        AGORA_APP_CERTIFICATE: CERT,
        AUTH_MODE: 'gateway',
        JWT_UID_CLAIM: 'sub',
        METRICS_NAMESPACE: 'tokenfn-test',
        METRICS_SERVICE: 'tokenfn-unit',
      },
      writeLog: logs.write,
    });
    const issued = await invoke(
      handler,
      post('/v1/tokens/rtm', { expiresIn: 600 }, { authorization: BEARER }),
      'v2',
      {
        authorizer: jwtAuthorizer({ sub: 'alice' }),
      },
    );
    expect(issued.status).toBe(200);
    secrets.addTokensFrom(await issued.json());
    const unauthenticated = await invoke(handler, post('/v1/tokens/rtm', { userId: 'alice', expiresIn: 60 }));
    expect(unauthenticated.status).toBe(401);
    const denied = await invoke(handler, post('/v1/tokens/rtm', { userId: 'mallory', expiresIn: 60 }), 'v2', {
      authorizer: jwtAuthorizer({ sub: 'alice' }),
    });
    expect(denied.status).toBe(403);
    const health = await invoke(handler, new Request('https://api.example.com/healthz'));
    expect(health.status).toBe(200);

    const requestLines = logs.lines.filter((l) => JSON.parse(l).message === 'request');
    expect(requestLines).toHaveLength(4);
    const perLine = requestLines.map(extractEmf);
    for (const metrics of perLine) {
      for (const m of metrics) {
        expect(m.namespace).toBe('tokenfn-test');
        expect(m.dimensions[S]).toBe('tokenfn-unit');
      }
      // every request line counts one request and its latency, in milliseconds
      const requests = metrics.find((m) => m.metric === METRICS.requests.name);
      expect(requests).toMatchObject({ value: 1, unit: 'Count', dimensions: { [S]: 'tokenfn-unit' } });
      const latency = metrics.find((m) => m.metric === METRICS.latency.name);
      expect(latency?.unit).toBe('Milliseconds');
      expect(latency?.value).toBeGreaterThanOrEqual(0);
    }
    const [ok, unauth, forbidden, probe] = perLine as [Extracted[], Extracted[], Extracted[], Extracted[]];
    const named = (ms: Extracted[], name: string) => ms.filter((m) => m.metric === name);

    // by product, and by product and app when the line names the app that signed the token
    const okLine = JSON.parse(requestLines[0] as string) as Record<string, unknown>;
    const byProduct = { [S]: 'tokenfn-unit', [METRIC_DIMENSIONS.product]: 'rtm' };
    const tokenMetric = { namespace: 'tokenfn-test', metric: 'TokensIssued', unit: 'Count', value: 1 };
    expect(named(ok, METRICS.tokensIssued.name)).toEqual([
      { ...tokenMetric, dimensions: byProduct },
      ...(okLine['app'] === undefined
        ? []
        : [{ ...tokenMetric, dimensions: { ...byProduct, [METRIC_DIMENSIONS.app]: okLine['app'] } }]),
    ]);
    expect(named(ok, METRICS.clientErrors.name)[0]?.value).toBe(0);

    expect(named(unauth, METRICS.authFailures.name)).toHaveLength(1);
    expect(named(unauth, METRICS.clientErrors.name)[0]?.value).toBe(1);
    expect(named(unauth, METRICS.tokensIssued.name)).toEqual([]);

    const forbiddenLine = JSON.parse(requestLines[2] as string) as Record<string, unknown>;
    const reasons = named(forbidden, METRICS.denials.name).map((m) => m.dimensions[METRIC_DIMENSIONS.reason]);
    // once in total, once by reason: the 403's reason when the line has one, else its problem code
    expect(reasons).toEqual([undefined, forbiddenLine['reason'] ?? forbiddenLine['code']]);
    expect(named(forbidden, METRICS.denials.name).every((m) => m.value === 1)).toBe(true);

    expect(probe.map((m) => m.metric).sort()).toEqual([
      'ClientErrors',
      'Latency',
      'Requests',
      'ServerErrors',
    ]);

    // The app's own fields are still there, and nothing secret was added.
    expect(forbiddenLine['route']).toBe('/v1/tokens/rtm');
    expectCleanLogs(logs.lines, secrets);
  });

  it('names the app as a dimension of TokensIssued when the line names it', async () => {
    const lines: string[] = [];
    const { emfLogger } = await import('../src/metrics');
    const { jsonLogger } = await import('@tokenfn/http');
    const logger = emfLogger(
      jsonLogger((line) => lines.push(line)),
      { service: 'svc', clock: () => 1_800_000_000_000 },
    );
    logger.info({
      message: 'request',
      route: '/v1/tokens/rtc',
      status: 200,
      latencyMs: 1.5,
      tokenType: 'rtc',
      app: 'video',
    });
    // a value that is not a short identifier never becomes a dimension
    logger.info({
      message: 'request',
      route: '/v1/tokens/rtc',
      status: 200,
      latencyMs: 2,
      tokenType: 'rtc',
      app: 'a b/c',
    });
    const [named, odd] = lines.map(extractEmf) as [Extracted[], Extracted[]];
    expect(named.filter((m) => m.metric === 'TokensIssued').map((m) => m.dimensions)).toEqual([
      { Service: 'svc', Product: 'rtc' },
      { Service: 'svc', Product: 'rtc', App: 'video' },
    ]);
    expect(named[0]?.namespace).toBe(DEFAULT_METRICS_NAMESPACE);
    expect(JSON.parse(lines[0] as string)._aws.Timestamp).toBe(1_800_000_000_000);
    expect(odd.find((m) => m.dimensions['App'] !== undefined)?.dimensions['App']).toBe('other');
  });

  it('a credential store that fails counts as a store failure; failing while serving the last value, as a stale serve', async () => {
    let now = 1_800_000_000_000;
    let failing = false;
    const store: CredentialSource = {
      get: () =>
        failing
          ? Promise.reject(new Error(`connect failed for ${CERT}`))
          : staticCredentials({ appId: APP_ID, appCertificate: CERT }).get(),
    };
    const logs = captureLogs();
    const secrets = new SecretSet();
    secrets.add(CERT);
    const handler = createLambdaHandler({
      env: {
        AUTH_MODE: 'none',
        ALLOW_UNAUTHENTICATED: 'true',
        SECRET_CACHE_SECONDS: '60',
        SECRET_MAX_STALE_SECONDS: '600',
      },
      credentials: store,
      writeLog: logs.write,
      clock: () => now,
    });
    const rtc = () => post('/v1/tokens/rtc', { channel: 'c', uid: 7, role: 'publisher', expiresIn: 60 });
    const first = await invoke(handler, rtc());
    expect(first.status).toBe(200);
    secrets.addTokensFrom(await first.json());

    failing = true;
    now += 120_000; // past the fresh window, inside the stale one: served, refreshed behind
    const stale = await invoke(handler, rtc());
    expect(stale.status).toBe(200);
    secrets.addTokensFrom(await stale.json());
    await waitFor(() => logs.lines.some((l) => l.includes('credentials refresh failed')));
    const refresh = logs.lines.find((l) => l.includes('credentials refresh failed')) as string;
    const refreshMetrics = extractEmf(refresh)
      .map((m) => m.metric)
      .sort();
    expect(refreshMetrics).toEqual(['CredentialStoreFailures', 'StaleServes']);

    now += 3_600_000; // past the stale window: nothing usable, the request gets a 503
    const down = await invoke(handler, rtc());
    expect(down.status).toBe(503);
    const unavailable = logs.lines.filter((l) => JSON.parse(l).message === 'credentials unavailable');
    expect(unavailable.length).toBeGreaterThan(0);
    for (const line of unavailable) {
      expect(extractEmf(line).map((m) => m.metric)).toEqual(['CredentialStoreFailures']);
    }
    const lastRequest = logs.lines.filter((l) => JSON.parse(l).message === 'request').at(-1) as string;
    expect(extractEmf(lastRequest).find((m) => m.metric === 'ServerErrors')?.value).toBe(1);
    expectCleanLogs(logs.lines, secrets);
  });
});
