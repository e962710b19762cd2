// src/token/crypto/sha256-compress.ts is generated (64 unrolled rounds): the committed file must be
// exactly what its generator writes, so a change is made in the 100-line script, never by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/generate-sha256-compress.mjs', import.meta.url));
const output = fileURLToPath(new URL('../../../src/token/crypto/sha256-compress.ts', import.meta.url));

it('sha256-compress.ts is byte for byte what scripts/generate-sha256-compress.mjs writes', () => {
  const generated = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
  expect(generated.length).toBeGreaterThan(10_000);
  expect(readFileSync(output, 'utf8')).toBe(generated);
});
