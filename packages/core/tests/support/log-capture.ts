// Captures every log line a test makes the app write; the secret checks are the shared ones of
// tests/contract/log-hygiene.ts.
import type { Logger } from '../../src/http/index.js';
import { jsonLogger } from '../../src/http/index.js';

export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger = jsonLogger((line) => this.lines.push(line));
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export { expectCleanLogs, recordingSecrets, SecretSet } from '../../../../tests/contract/log-hygiene.js';
