// Run with the token library's tests on Deno and Bun: proves that there a failed expectation fails.
import { describe, expect, it } from 'vitest';

describe('runtime canary', () => {
  it('a wrong expectation throws', () => {
    let threw = false;
    try {
      expect({ a: 1 }).toEqual({ a: 2 });
    } catch {
      threw = true;
    }
    if (!threw) throw new Error('expect() does not fail on this runtime');
    expect(new Uint8Array([1, 2])).toEqual(new Uint8Array([1, 2]));
  });
});
