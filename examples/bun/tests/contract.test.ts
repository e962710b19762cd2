// The contract suite against the Bun example (Bun.serve), run by the real bun binary.
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runtimeBinary, startServerProcess } from '@tokenfn/example-runtimes';
import { defineProcessContract, itRefusesGatewayMode } from '@tokenfn/example-runtimes/contract';

const entry = fileURLToPath(new URL('../index.ts', import.meta.url));

// From a directory outside the repository, so that no .env or bunfig.toml of a checkout is loaded.
const runBun = (env: Record<string, string>) =>
  startServerProcess(runtimeBinary('bun'), ['run', entry], {
    cwd: tmpdir(),
    env: { ...env, HOST: '127.0.0.1', PORT: '0', NO_COLOR: '1' },
  });

defineProcessContract('Bun.serve (examples/bun/index.ts)', runBun);
itRefusesGatewayMode(runBun);
