// The operational figures as Workers Analytics Engine data points, when a dataset is bound as `METRICS`:
// the logger is wrapped so that each log line that counts for something (@tokenfn/http's logFigures,
// the same figures the Lambda writes as CloudWatch metrics) also writes one data point. With no binding
// the logger is returned as it is and nothing else happens.
import { type LogEntry, type LogFigure, type Logger, logFigures } from '@tokenfn/http';

/** The `analytics_engine_datasets` binding: `env.METRICS.writeDataPoint({ indexes, blobs, doubles })`. */
export interface AnalyticsEngineDataset {
  writeDataPoint(point: AnalyticsEngineDataPoint): void;
}

export interface AnalyticsEngineDataPoint {
  indexes?: string[];
  blobs?: string[];
  doubles?: number[];
}

/** The binding name the Worker looks for. */
export const METRICS_BINDING = 'METRICS';

/**
 * What each position of a data point holds (SQL: `blob1` is `BLOBS[0]`, `double1` is `DOUBLES[0]`).
 * One data point per log line that counts: a request line, or a credential-store line.
 */
export const DATA_POINT_LAYOUT = {
  /** index1: the kind of line, `request` or `credentials` (also the sampling key) */
  indexes: ['kind'],
  blobs: ['kind', 'route', 'product', 'app', 'outcome', 'reason'],
  doubles: [
    'requests',
    'status',
    'latencyMs',
    'tokensIssued',
    'denials',
    'authFailures',
    'credentialStoreFailures',
    'staleServes',
  ],
} as const;

/**
 * `outcome` (blob5) of a request line: `issued` (a token), `denied` (403/429), `auth-failure` (401),
 * `client-error` (another 4xx), `server-error` (5xx), `ok`; of a credentials line: `store-failure` or
 * `stale-serve`.
 */
export type Outcome =
  | 'issued'
  | 'denied'
  | 'auth-failure'
  | 'client-error'
  | 'server-error'
  | 'ok'
  | 'store-failure'
  | 'stale-serve';

export function isAnalyticsEngineDataset(v: unknown): v is AnalyticsEngineDataset {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { writeDataPoint?: unknown }).writeDataPoint === 'function'
  );
}

/** `inner`, writing a data point to `dataset` for each line that counts; `inner` itself when nothing is bound. */
export function analyticsEngineLogger(inner: Logger, dataset: unknown): Logger {
  if (!isAnalyticsEngineDataset(dataset)) return inner;
  const record = (entry: LogEntry) => {
    const point = dataPointOf(logFigures(entry));
    if (point === undefined) return;
    try {
      dataset.writeDataPoint(point);
    } catch {
      // A failing dataset never fails a request; the log line still carries the same facts.
    }
  };
  return {
    info: (e) => {
      record(e);
      inner.info(e);
    },
    warn: (e) => {
      record(e);
      inner.warn(e);
    },
    error: (e) => {
      record(e);
      inner.error(e);
    },
  };
}

/** The data point for one line's figures, in DATA_POINT_LAYOUT order; undefined when the line counts for nothing. */
export function dataPointOf(figures: readonly LogFigure[]): AnalyticsEngineDataPoint | undefined {
  if (figures.length === 0) return undefined;
  let kind = 'credentials';
  let route = '';
  let product = '';
  let app = '';
  let outcome: Outcome = 'ok';
  let reason = '';
  const d = { requests: 0, status: 0, latencyMs: 0, tokens: 0, denials: 0, auth: 0, store: 0, stale: 0 };
  for (const f of figures) {
    switch (f.kind) {
      case 'request':
        kind = 'request';
        route = f.route;
        d.requests = 1;
        d.status = f.status;
        d.latencyMs = f.latencyMs;
        outcome = f.status >= 500 ? 'server-error' : f.status >= 400 ? 'client-error' : 'ok';
        break;
      case 'token':
        product = f.product;
        app = f.app ?? '';
        d.tokens = 1;
        outcome = 'issued';
        break;
      case 'denial':
        reason = f.reason;
        d.denials = 1;
        outcome = 'denied';
        break;
      case 'auth-failure':
        d.auth = 1;
        outcome = 'auth-failure';
        break;
      case 'credential-store-failure':
        reason = f.code;
        d.store = 1;
        if (kind === 'credentials') outcome = 'store-failure';
        break;
      case 'stale-serve':
        d.stale = 1;
        if (kind === 'credentials') outcome = 'stale-serve';
        break;
    }
  }
  return {
    indexes: [kind],
    blobs: [kind, route, product, app, outcome, reason],
    doubles: [d.requests, d.status, d.latencyMs, d.tokens, d.denials, d.auth, d.store, d.stale],
  };
}
