// @tokenfn/http/testing: what an adapter's tests need to look at the app's log lines.
import type { Logger } from '../logger.js';
import { jsonLogger } from '../logger.js';

/**
 * A logger that keeps every line it is given, in the app's one JSON line format.
 *
 * @example
 * const logs = new LogCapture();
 * const app = createApp({ config, credentials, logger: logs.logger });
 * await app.fetch(new Request('http://localhost/healthz'));
 * logs.entries()[0]?.['route']; // '/healthz'
 */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger = jsonLogger((line) => this.lines.push(line));
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
