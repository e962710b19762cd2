// The README's claims that tests can hold it to: the error table names every denial reason there is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const policy = readFileSync(new URL('../src/policy.ts', import.meta.url), 'utf8');

describe('README', () => {
  it('the 403 row of the error table lists every reason the policy can deny with', () => {
    const union = /export type DenialReason =([^;]+);/.exec(policy)?.[1] ?? '';
    const reasons = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    expect(reasons.length).toBeGreaterThan(10);
    const row = readme.split('\n').find((line) => /^\| 403 +\| `ERR_FORBIDDEN`/.test(line)) ?? '';
    expect(reasons.filter((r) => !row.includes(`\`${r}\``))).toEqual([]);
  });
});
