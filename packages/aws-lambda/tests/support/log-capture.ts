// Captures every log line a suite produces and checks each is one JSON object; the secret checks are the
// shared ones of tests/contract/log-hygiene.ts.
import { expect } from 'vitest';

export interface LogCapture {
  write: (line: string) => void;
  lines: string[];
  /** Parsed lines; throws if any line is not a single JSON object. */
  entries(): Record<string, unknown>[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    write: (line) => lines.push(line),
    lines,
    entries: () =>
      lines.map((line) => {
        expect(line).not.toContain('\n');
        const v = JSON.parse(line);
        expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
        return v as Record<string, unknown>;
      }),
  };
}

export { expectCleanLogs, recordingSecrets, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
