// The contract suite against the Deno example, run by the real deno binary: main.ts (Deno.serve) and the
// Supabase Edge Function entry, which Supabase reaches under /tokenfn.
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runtimeBinary, startServerProcess } from '@tokenfn/example-runtimes';
import { defineProcessContract, itRefusesGatewayMode } from '@tokenfn/example-runtimes/contract';
import { describe } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));

/** `deno run` of an entry, from a directory outside the repository (see typecheck.sh for why). */
const runDeno = (entry: string) => (env: Record<string, string>) =>
  startServerProcess(
    runtimeBinary('deno'),
    ['run', '--allow-net', '--allow-env', '--sloppy-imports', `--config=${here}deno.json`, `${here}${entry}`],
    { cwd: tmpdir(), env: { ...env, HOST: '127.0.0.1', PORT: '0', NO_COLOR: '1' } },
  );

describe('Deno: main.ts', () => {
  defineProcessContract('Deno.serve (examples/deno/main.ts)', runDeno('main.ts'));
  itRefusesGatewayMode(runDeno('main.ts'));
});

describe('Supabase Edge Function: supabase/functions/tokenfn/index.ts', () => {
  const entry = runDeno('supabase/functions/tokenfn/index.ts');
  defineProcessContract('Supabase Edge Function on Deno, under /tokenfn', entry, { pathPrefix: '/tokenfn' });
  itRefusesGatewayMode(entry);
});
