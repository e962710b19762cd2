// Captures every log line a test makes the app write, and checks none carries a secret.
import { expect } from 'vitest';
import type { Logger } from '../../src/http/index.js';
import { jsonLogger } from '../../src/http/index.js';

export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger = jsonLogger((line) => this.lines.push(line));
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

/** Secrets seen during a test run: certificates, API keys, Authorization values, tokens. */
export class SecretSet {
  readonly values = new Set<string>();
  add(...vs: (string | null | undefined)[]): void {
    for (const v of vs) if (v && v.length >= 8) this.values.add(v);
  }
  /** collects every string that looks like an Agora token from a JSON value */
  addTokensFrom(v: unknown): void {
    if (typeof v === 'string') {
      if (/^00[67]/.test(v) && v.length > 40) this.values.add(v);
    } else if (Array.isArray(v)) for (const x of v) this.addTokensFrom(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) this.addTokensFrom(x);
  }
}

export function expectCleanLogs(lines: string[], secrets: SecretSet): void {
  for (const line of lines) {
    for (const s of secrets.values)
      expect(line.includes(s), `a log line contains a secret: ${line.slice(0, 120)}`).toBe(false);
    // and nothing shaped like a token, whatever it is
    expect(line).not.toMatch(/00[67]eJ[A-Za-z0-9+/=]{20,}/);
    expect(line.toLowerCase()).not.toContain('bearer ');
  }
}
