// What a log line counts for: the operational figures (requests, tokens issued, denials, authentication
// failures, credential-store failures, stale serves) read from the app's own log entries. The Lambda turns
// them into CloudWatch metrics and the Worker into Analytics Engine data points; both read them here, so
// the two platforms count the same things the same way.
import type { LogEntry } from './logger.js';

/** One thing a log line counts for. Every string is a bounded label, never a value a client sent. */
export type LogFigure =
  /** every `request` line */
  | { readonly kind: 'request'; readonly route: string; readonly status: number; readonly latencyMs: number }
  /** a token was issued: `product` is the token type, `app` the Agora app's configured name when logged */
  | { readonly kind: 'token'; readonly product: string; readonly app?: string }
  /** a 403 (by its `reason`, else its code) or a 429 */
  | { readonly kind: 'denial'; readonly reason: string }
  /** a 401 */
  | { readonly kind: 'auth-failure' }
  /** the credential store could not be read (a request got a 503, or a refresh failed) */
  | { readonly kind: 'credential-store-failure'; readonly code: string }
  /** a refresh failed while the last good credentials were still being served */
  | { readonly kind: 'stale-serve' };

/** The label for anything that is not a short identifier (so no client text can become a metric dimension). */
export const OTHER_LABEL = 'other';

const LABEL = /^[A-Za-z0-9._:/{}-]{1,128}$/;

/** `value` when it is a short identifier or route template (letters, digits, `._:/{}-`, at most 128), else `other`. */
export function figureLabel(value: unknown): string {
  return typeof value === 'string' && LABEL.test(value) ? value : OTHER_LABEL;
}

/** The figures one log entry counts for (none for most lines). */
export function logFigures(entry: LogEntry): LogFigure[] {
  const message = entry['message'] ?? entry['msg'];
  switch (message) {
    case 'request':
      return requestFigures(entry);
    case 'credentials unavailable':
      return [{ kind: 'credential-store-failure', code: figureLabel(entry['code']) }];
    case 'credentials refresh failed': {
      const failure: LogFigure = { kind: 'credential-store-failure', code: figureLabel(entry['code']) };
      return entry['servingStale'] === true ? [failure, { kind: 'stale-serve' }] : [failure];
    }
    default:
      return [];
  }
}

function requestFigures(entry: LogEntry): LogFigure[] {
  const status = typeof entry['status'] === 'number' ? entry['status'] : 0;
  const latency = entry['latencyMs'];
  const figures: LogFigure[] = [
    {
      kind: 'request',
      route: entry['route'] === null || entry['route'] === undefined ? 'none' : figureLabel(entry['route']),
      status,
      latencyMs: typeof latency === 'number' && Number.isFinite(latency) && latency >= 0 ? latency : 0,
    },
  ];
  if (status >= 200 && status < 300 && entry['tokenType'] !== undefined) {
    const app = entry['app'];
    figures.push({
      kind: 'token',
      product: figureLabel(entry['tokenType']),
      ...(app === undefined ? {} : { app: figureLabel(app) }),
    });
  } else if (status === 401) {
    figures.push({ kind: 'auth-failure' });
  } else if (status === 403 || status === 429) {
    figures.push({ kind: 'denial', reason: figureLabel(entry['reason'] ?? entry['code']) });
  }
  return figures;
}
