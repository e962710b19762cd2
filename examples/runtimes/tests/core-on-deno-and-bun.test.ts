// The token library's pure tests (packages/core/tests/token/*.test.ts, the ones that also run inside
// workerd) on the real Deno and Bun: `deno test` through core-tests/vitest-shim.ts, `bun test` with its own
// mapping of vitest. Each run also takes core-tests/canary.test.ts, which fails unless a failed expectation
// fails there.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runtimeBinary } from '../runtimes.ts';

const here = fileURLToPath(new URL('..', import.meta.url));
const tokenTests = fileURLToPath(new URL('../../../packages/core/tests/token/', import.meta.url));
const files = readdirSync(tokenTests)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `${tokenTests}${f}`);
const canary = `${here}core-tests/canary.test.ts`;

function run(command: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('the token library on other runtimes', () => {
  it('every pure test passes on Deno (deno test)', async () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    // From a directory outside the repository (see examples/deno/typecheck.sh); types are checked by tsc.
    const { code, out } = await run(
      runtimeBinary('deno'),
      [
        'test',
        '--no-check',
        '--sloppy-imports',
        '--allow-read',
        '--allow-env',
        `--config=${here}core-tests/deno.json`,
        canary,
        ...files,
      ],
      tmpdir(),
    );
    expect(code, out).toBe(0);
    // "ok | 7 passed (194 steps) | 0 failed": every file's tests, the canary included
    const m = /ok \| (\d+) passed \((\d+) steps\) \| 0 failed/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(150);
  });

  it('every pure test passes on Bun (bun test)', async () => {
    const { code, out } = await run(runtimeBinary('bun'), ['test', canary, ...files], tmpdir());
    expect(code, out).toBe(0);
    const passed = /^\s*(\d+) pass$/m.exec(out);
    expect(passed, out).not.toBeNull();
    expect(Number(passed![1])).toBeGreaterThan(150);
    expect(out).toMatch(/^\s*0 fail$/m);
    expect(out).toContain('runtime canary');
  });
});
