// The Deno and Bun the examples are tested on, from the npm registry (one package per platform, listed as
// optional dependencies so that pnpm installs only the one for this machine), and a runner that starts an
// example as a server process and waits until it says where it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Runtime = 'deno' | 'bun';

/** Per runtime and CPU: the registry package and the binary's path inside it (Linux, glibc). */
const BINARIES: Record<Runtime, Partial<Record<string, [pkg: string, file: string]>>> = {
  deno: { x64: ['@deno/linux-x64-glibc', 'deno'], arm64: ['@deno/linux-arm64-glibc', 'deno'] },
  bun: { x64: ['@oven/bun-linux-x64', 'bin/bun'], arm64: ['@oven/bun-linux-aarch64', 'bin/bun'] },
};

const require = createRequire(import.meta.url);

/**
 * The path of the runtime's binary, as installed by `pnpm install` on Linux x64 or arm64.
 *
 * @example
 * execFileSync(runtimeBinary('deno'), ['--version']);
 */
export function runtimeBinary(runtime: Runtime): string {
  const entry = process.platform === 'linux' ? BINARIES[runtime][process.arch] : undefined;
  if (!entry) {
    throw new Error(
      `No ${runtime} binary package for ${process.platform}-${process.arch} (Linux x64 and arm64 only).`,
    );
  }
  const [pkg, file] = entry;
  let root: string;
  try {
    root = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `${pkg} is not installed: run pnpm install (it is an optional dependency of ${runtime}).`,
    );
  }
  const binary = join(root, file);
  if (!existsSync(binary)) throw new Error(`${pkg} has no ${file}.`);
  return binary;
}

export interface ServerProcess {
  /** The base URL the process logged, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every line the process wrote so far, stdout and stderr. */
  lines(): string[];
  /** Ends the process (SIGTERM, then SIGKILL after 2 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  /** The process's whole environment (nothing is inherited but PATH and HOME). */
  env: Record<string, string>;
  /** How the process says it is ready; the first group is the base URL. */
  ready?: RegExp;
  timeoutMs?: number;
}

/** The examples' `listening` log line: `{"message":"listening","url":"http://…"}`. */
const LISTENING = /"message":"listening","url":"(http:\/\/[^"]+)"/;

/**
 * Starts `command args` and resolves when a line of its output matches `ready` (the examples' JSON
 * `listening` line by default). Rejects, with the output, when the process exits first or is not ready in
 * `timeoutMs`.
 *
 * @example
 * const server = await startServerProcess(runtimeBinary('bun'), ['index.ts'], { cwd, env: { PORT: '0' } });
 */
export function startServerProcess(command: string, args: string[], o: StartOptions): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: o.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const ready = o.ready ?? LISTENING;
  return new Promise((resolve, reject) => {
    let found = false;
    const fail = (why: string) => {
      if (found) return;
      found = true;
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${lines.join('\n')}`));
    };
    const timer = setTimeout(
      () => fail(`not ready after ${o.timeoutMs ?? 15_000} ms`),
      o.timeoutMs ?? 15_000,
    );
    const collect = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.on('data', (d: Buffer) => {
        const parts = (rest + d.toString()).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          const m = found ? null : ready.exec(line);
          if (m) {
            found = true;
            clearTimeout(timer);
            resolve({ url: m[1]!, lines: () => [...lines], stop: () => stop(child) });
          }
        }
      });
      stream.on('end', () => {
        if (rest) lines.push(rest);
      });
    };
    collect(child.stdout!);
    collect(child.stderr!);
    child.once('error', (e) => fail(`could not start ${command}: ${e.message}`));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exited (${signal ?? code}) before it was ready`);
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
