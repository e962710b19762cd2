// Log hygiene, shared by every package's tests: collect the secret values a suite handles (the
// certificate, API keys, Authorization values, tokens handed out) and check that no captured log line
// carries one, nor anything shaped like a token or a bearer credential. Vitest and Web APIs only.
import { expect } from 'vitest';

/** Values that must never appear in a log line. Tokens are added as responses hand them out. */
export class SecretSet {
  readonly values = new Set<string>();

  add(...values: (string | null | undefined)[]): void {
    for (const v of values) if (v && v.length >= 8) this.values.add(v);
  }

  /** Records every string of a JSON value that is under a key named like "token" or looks like an Agora token. */
  addTokensFrom(value: unknown, key = ''): void {
    if (typeof value === 'string') {
      if (/token/i.test(key) || (/^00[67]/.test(value) && value.length > 40)) this.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) this.addTokensFrom(item);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.addTokensFrom(v, k);
    }
  }

  get size(): number {
    return this.values.size;
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values[Symbol.iterator]();
  }
}

/** Fails if a line contains a collected secret (in any letter case), an Authorization field, a bearer credential or a token. */
export function expectCleanLogs(lines: readonly string[], secrets: SecretSet): void {
  for (const line of lines) {
    const lower = line.toLowerCase();
    for (const s of secrets) {
      if (lower.includes(s.toLowerCase())) {
        // never print the secret itself, not even in a failing test's output
        throw new Error(`a log line contains a secret value (${s.length} chars, starts ${s.slice(0, 3)}…)`);
      }
    }
    expect(lower).not.toMatch(/"authorization"\s*:/);
    expect(lower).not.toMatch(/bearer\s+[a-z0-9._-]{8,}/);
    expect(line).not.toMatch(/\b00[67][A-Za-z0-9+/=]{40,}/); // an Agora token of either format
  }
}

/**
 * Wraps how a test sends a request to its target so that every secret passing through is recorded: the
 * Authorization and X-API-Key values sent, tokens in the request body (inspect) and tokens handed out.
 */
export function recordingSecrets(
  secrets: SecretSet,
  send: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    secrets.add(request.headers.get('authorization'), request.headers.get('x-api-key'));
    secrets.addTokensFrom(
      await request
        .clone()
        .json()
        .catch(() => undefined),
    );
    const response = await send(request);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // a text body: recorded if it is a token
    }
    secrets.addTokensFrom(body);
    return response;
  };
}
