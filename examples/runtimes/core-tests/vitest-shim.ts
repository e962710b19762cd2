// `vitest` for the token library's tests under `deno test`: describe and it from node:test (which Deno
// runs as its own tests and steps), and expect as Vitest builds it, @vitest/expect's matchers on chai.
// Bun needs none of this: `bun test` maps imports of vitest onto its own runner.
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';
import * as chai from 'chai';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export { describe, it } from 'node:test';
export { expectTypeOf } from 'expect-type';
export const expect = chai.expect as unknown as typeof import('vitest').expect;
