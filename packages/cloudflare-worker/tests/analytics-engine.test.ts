// Workers Analytics Engine through the built Worker in workerd: with a dataset bound as METRICS, each
// request line (and each credential-store line) writes one data point in the documented layout, within
// Analytics Engine's limits and with no token, certificate or key in it; with none bound, nothing is written.
import { env as workerEnv } from 'cloudflare:workers';
import { jsonLogger } from '@tokenfn/http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../src/bindings';
import {
  type AnalyticsEngineDataPoint,
  type AnalyticsEngineDataset,
  analyticsEngineLogger,
  DATA_POINT_LAYOUT,
  isAnalyticsEngineDataset,
} from '../src/metrics';
import { TEST_APP_CERTIFICATE, TEST_APP_ID } from './bindings.config';
import { captureLogs, rtcRequest, sha256Hex, worker } from './helpers';

const KEY = 'analytics-engine-test-key';
const real = (workerEnv as unknown as { METRICS_DATASET: AnalyticsEngineDataset }).METRICS_DATASET;
let base: WorkerEnv;

beforeAll(async () => {
  base = {
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: await sha256Hex(KEY),
    AGORA_APP_ID: TEST_APP_ID,
    AGORA_APP_CERTIFICATE: TEST_APP_CERTIFICATE,
  };
});

/** The workerd binding, with every data point it is given kept for the test. */
function recording(inner: AnalyticsEngineDataset) {
  const points: AnalyticsEngineDataPoint[] = [];
  return {
    points,
    writeDataPoint(point: AnalyticsEngineDataPoint) {
      points.push(structuredClone(point));
      inner.writeDataPoint(point);
    },
  };
}

/** A data point as a record by the layout's names. */
function named(point: AnalyticsEngineDataPoint): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = { index: point.indexes?.[0] };
  DATA_POINT_LAYOUT.blobs.forEach((name, i) => {
    out[name] = point.blobs?.[i];
  });
  DATA_POINT_LAYOUT.doubles.forEach((name, i) => {
    out[name] = point.doubles?.[i];
  });
  return out;
}

function expectWithinLimits(point: AnalyticsEngineDataPoint) {
  expect(point.indexes?.length).toBe(1);
  expect(new TextEncoder().encode(point.indexes?.[0]).length).toBeLessThanOrEqual(96);
  expect(point.blobs?.length).toBeLessThanOrEqual(20);
  expect(point.doubles?.length).toBeLessThanOrEqual(20);
  const blobBytes = (point.blobs ?? []).reduce((n, b) => n + new TextEncoder().encode(b).length, 0);
  expect(blobBytes).toBeLessThanOrEqual(16 * 1024);
  for (const d of point.doubles ?? []) expect(Number.isFinite(d)).toBe(true);
}

describe('Workers Analytics Engine', () => {
  it('the workerd binding is what the Worker looks for', () => {
    expect(isAnalyticsEngineDataset(real)).toBe(true);
    expect(isAnalyticsEngineDataset(undefined)).toBe(false);
    expect(isAnalyticsEngineDataset({ get() {} })).toBe(false);
  });

  it('writes one data point per request: issued, auth failure and a probe', async () => {
    const dataset = recording(real);
    const env: WorkerEnv = { ...base, METRICS: dataset };
    const { result, lines } = await captureLogs(async () => {
      const ok = await worker.fetch(rtcRequest({ 'x-api-key': KEY }), env);
      const bad = await worker.fetch(rtcRequest({ 'x-api-key': 'a-wrong-key-for-analytics' }), env);
      const probe = await worker.fetch(new Request('https://tokenfn.test/healthz'), env);
      return { ok, bad, probe, token: ((await ok.json()) as { token: string }).token };
    });
    expect([result.ok.status, result.bad.status, result.probe.status]).toEqual([200, 401, 200]);
    const requestLines = lines.filter((l) => l['message'] === 'request');
    expect(dataset.points).toHaveLength(requestLines.length);
    expect(dataset.points).toHaveLength(3);
    for (const p of dataset.points) expectWithinLimits(p);
    const [issued, unauthenticated, probe] = dataset.points.map(named);
    expect(issued).toMatchObject({
      index: 'request',
      kind: 'request',
      route: '/v1/tokens/rtc',
      product: 'rtc',
      outcome: 'issued',
      requests: 1,
      status: 200,
      tokensIssued: 1,
      denials: 0,
      authFailures: 0,
    });
    expect(issued?.['app']).toBe(requestLines[0]?.['app'] ?? '');
    expect(issued?.['latencyMs']).toBe(requestLines[0]?.['latencyMs']);
    expect(unauthenticated).toMatchObject({
      outcome: 'auth-failure',
      status: 401,
      authFailures: 1,
      tokensIssued: 0,
    });
    expect(probe).toMatchObject({ route: '/healthz', outcome: 'ok', status: 200, tokensIssued: 0 });
    // nothing secret in what is written
    const written = JSON.stringify(dataset.points);
    for (const secret of [
      result.token,
      TEST_APP_CERTIFICATE,
      KEY,
      'a-wrong-key-for-analytics',
      base.API_KEY_HASHES as string,
    ]) {
      expect(written.includes(secret)).toBe(false);
    }
  });

  it('a credential store that fails writes a store-failure point and the 503 request', async () => {
    const dataset = recording(real);
    const env: WorkerEnv = { ...base, AGORA_APP_CERTIFICATE: 'not-a-certificate', METRICS: dataset };
    const { result } = await captureLogs(() => worker.fetch(rtcRequest({ 'x-api-key': KEY }), env));
    expect(result.status).toBe(503);
    const points = dataset.points.map(named);
    expect(points.some((p) => p['outcome'] === 'store-failure' && p['credentialStoreFailures'] === 1)).toBe(
      true,
    );
    expect(points.at(-1)).toMatchObject({ kind: 'request', outcome: 'server-error', status: 503 });
    expect(JSON.stringify(dataset.points).includes('not-a-certificate')).toBe(false);
  });

  it('the real binding takes the points directly', async () => {
    const { result } = await captureLogs(() =>
      worker.fetch(rtcRequest({ 'x-api-key': KEY }), { ...base, METRICS: real }),
    );
    expect(result.status).toBe(200);
  });

  it('with no dataset bound the logger is left as it is and requests are answered the same', async () => {
    const inner = jsonLogger(() => {});
    expect(analyticsEngineLogger(inner, undefined)).toBe(inner);
    expect(analyticsEngineLogger(inner, 'METRICS')).toBe(inner);
    const { result, lines } = await captureLogs(() => worker.fetch(rtcRequest({ 'x-api-key': KEY }), base));
    expect(result.status).toBe(200);
    expect(lines.filter((l) => l['message'] === 'request')).toHaveLength(1);
  });

  it('a dataset that throws never fails a request', async () => {
    const broken = {
      writeDataPoint: () => {
        throw new Error('dataset unavailable');
      },
    };
    const { result } = await captureLogs(() =>
      worker.fetch(rtcRequest({ 'x-api-key': KEY }), { ...base, METRICS: broken }),
    );
    expect(result.status).toBe(200);
  });
});
