// Runs a runtime binary in place of this Node process: same arguments and streams, its exit status (or
// signal) becomes this process's.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { runtimeBinary } from '../runtimes.ts';

/** @param {'deno' | 'bun'} runtime */
export function exec(runtime) {
  const child = spawn(runtimeBinary(runtime), process.argv.slice(2), { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
  });
}
