// CloudWatch metrics from the log lines themselves, in the Embedded Metric Format: the logger is wrapped so
// that a line which counts for something (@tokenfn/http's logFigures) carries an `_aws` member and the
// metric values, and CloudWatch Logs extracts the metrics when it ingests the line. No SDK, no API call,
// no extra line: the request line that is written anyway is the metric.
import { type LogEntry, type LogFigure, type Logger, logFigures } from '@tokenfn/http';

/** The default CloudWatch namespace (`METRICS_NAMESPACE`). */
export const DEFAULT_METRICS_NAMESPACE = 'tokenfn';

/**
 * The metric names and their units, as they appear in CloudWatch. Every metric has the dimension
 * `Service` (`METRICS_SERVICE`, by default the function's name); some have more (see `METRIC_DIMENSIONS`).
 */
export const METRICS = {
  /** every request line */
  requests: { name: 'Requests', unit: 'Count' },
  /** the app's own latency of a request (not API Gateway's, not cold start) */
  latency: { name: 'Latency', unit: 'Milliseconds' },
  clientErrors: { name: 'ClientErrors', unit: 'Count' },
  serverErrors: { name: 'ServerErrors', unit: 'Count' },
  /** by `Product` (the token type), and by `Product` and `App` when the line names the app */
  tokensIssued: { name: 'TokensIssued', unit: 'Count' },
  /** by `Reason`: the 403's reason (else its code) or ERR_RATE_LIMITED */
  denials: { name: 'Denials', unit: 'Count' },
  /** 401 answers */
  authFailures: { name: 'AuthFailures', unit: 'Count' },
  /** the credential store could not be read (a 503, or a failed background refresh) */
  credentialStoreFailures: { name: 'CredentialStoreFailures', unit: 'Count' },
  /** a failed refresh while the last good credentials were still served */
  staleServes: { name: 'StaleServes', unit: 'Count' },
} as const;

/** The dimension names, in the order the metrics carry them. */
export const METRIC_DIMENSIONS = {
  service: 'Service',
  product: 'Product',
  app: 'App',
  reason: 'Reason',
} as const;

export interface MetricsOptions {
  /** CloudWatch namespace; default `tokenfn` */
  namespace?: string;
  /** the `Service` dimension; default `tokenfn` */
  service?: string;
  /** milliseconds since the epoch, the metrics' timestamp (tests) */
  clock?: () => number;
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

/**
 * A Logger that adds EMF members to the entries that count for something and passes every entry on to
 * `inner` unchanged otherwise. Only bounded labels become dimensions (route ids, token types, app
 * names, problem codes); no value a client sent, no token and no header.
 */
export function emfLogger(inner: Logger, o: MetricsOptions = {}): Logger {
  const namespace = o.namespace || DEFAULT_METRICS_NAMESPACE;
  const service = o.service || DEFAULT_METRICS_NAMESPACE;
  const clock = o.clock ?? Date.now;
  const withMetrics = (entry: LogEntry): LogEntry => {
    const figures = logFigures(entry);
    if (figures.length === 0) return entry;
    return { ...entry, ...emfMembers(figures, namespace, service, clock()) };
  };
  return {
    info: (e) => inner.info(withMetrics(e)),
    warn: (e) => inner.warn(withMetrics(e)),
    error: (e) => inner.error(withMetrics(e)),
  };
}

/** The metrics options from the function's variables (`METRICS_NAMESPACE`, `METRICS_SERVICE`). */
export function metricsOptionsFromEnv(env: Record<string, string | undefined>): MetricsOptions {
  return {
    namespace: env['METRICS_NAMESPACE'] || DEFAULT_METRICS_NAMESPACE,
    service: env['METRICS_SERVICE'] || env['AWS_LAMBDA_FUNCTION_NAME'] || DEFAULT_METRICS_NAMESPACE,
  };
}

/** The `_aws` member and the metric and dimension members for `figures`. */
export function emfMembers(
  figures: readonly LogFigure[],
  namespace: string,
  service: string,
  timestamp: number,
): Record<string, unknown> {
  const S = METRIC_DIMENSIONS.service;
  const members: Record<string, unknown> = { [S]: service };
  const directives: Directive[] = [];
  const add = (dimensions: string[][], metrics: { name: string; unit: string }[]) => {
    directives.push({
      Namespace: namespace,
      Dimensions: dimensions,
      Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
    });
  };
  for (const figure of figures) {
    switch (figure.kind) {
      case 'request':
        members[METRICS.requests.name] = 1;
        members[METRICS.latency.name] = figure.latencyMs;
        members[METRICS.clientErrors.name] = figure.status >= 400 && figure.status < 500 ? 1 : 0;
        members[METRICS.serverErrors.name] = figure.status >= 500 ? 1 : 0;
        add([[S]], [METRICS.requests, METRICS.latency, METRICS.clientErrors, METRICS.serverErrors]);
        break;
      case 'token':
        members[METRICS.tokensIssued.name] = 1;
        members[METRIC_DIMENSIONS.product] = figure.product;
        if (figure.app === undefined) {
          add([[S, METRIC_DIMENSIONS.product]], [METRICS.tokensIssued]);
        } else {
          members[METRIC_DIMENSIONS.app] = figure.app;
          add(
            [
              [S, METRIC_DIMENSIONS.product],
              [S, METRIC_DIMENSIONS.product, METRIC_DIMENSIONS.app],
            ],
            [METRICS.tokensIssued],
          );
        }
        break;
      case 'denial':
        members[METRICS.denials.name] = 1;
        members[METRIC_DIMENSIONS.reason] = figure.reason;
        add([[S], [S, METRIC_DIMENSIONS.reason]], [METRICS.denials]);
        break;
      case 'auth-failure':
        members[METRICS.authFailures.name] = 1;
        add([[S]], [METRICS.authFailures]);
        break;
      case 'credential-store-failure':
        members[METRICS.credentialStoreFailures.name] = 1;
        add([[S]], [METRICS.credentialStoreFailures]);
        break;
      case 'stale-serve':
        members[METRICS.staleServes.name] = 1;
        add([[S]], [METRICS.staleServes]);
        break;
    }
  }
  return { _aws: { Timestamp: timestamp, CloudWatchMetrics: directives }, ...members };
}
