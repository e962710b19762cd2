// Captures every log line a suite produces, and checks it is one JSON object with Lambda's keys and
// never contains a secret: the certificate, a token, an API key or an Authorization value.
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

/** Values that must never appear in a log line. Tokens are added as responses hand them out. */
export class Secrets {
  private readonly values = new Set<string>();
  add(...values: (string | undefined | null)[]): void {
    for (const v of values) if (v && v.length >= 8) this.values.add(v);
  }
  /** Records the token (and any other string field named token) of a JSON response body. */
  addTokensFrom(body: unknown): void {
    if (typeof body !== 'object' || body === null) return;
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string' && /token/i.test(k)) this.add(v);
      else if (typeof v === 'object') this.addTokensFrom(v);
    }
  }
  get size(): number {
    return this.values.size;
  }
  [Symbol.iterator]() {
    return this.values[Symbol.iterator]();
  }
}

export function expectCleanLogs(lines: readonly string[], secrets: Secrets): void {
  for (const line of lines) {
    const lower = line.toLowerCase();
    for (const s of secrets) {
      if (line.includes(s) || lower.includes(s.toLowerCase())) {
        throw new Error(`a log line contains a secret value (${s.length} chars, starts ${s.slice(0, 3)}…)`);
      }
    }
    expect(lower).not.toMatch(/"authorization"\s*:/);
    expect(line).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{8,}/);
    expect(line).not.toMatch(/\b00[67][A-Za-z0-9+/=]{40,}/); // an Agora token of either format
  }
}
