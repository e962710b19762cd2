// Runs the real `tokenfn` command in a child process: the esbuild bundle that `pnpm build` makes
// (built fresh by build.mjs into a temporary directory), or the TypeScript source through tsx.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

export const packageDir = new URL('../', import.meta.url).pathname;
export const repoRoot = new URL('../../../', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Written to the child's standard input, which is then closed. Without it, stdin is /dev/null. */
  stdin?: string;
}

/** Builds dist/cli.js's twin with the package's own build script; returns its path and a cleanup. */
export async function buildCliBundle(): Promise<{ path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenfn-cli-'));
  const path = join(dir, 'cli.js');
  await promisify(execFile)(process.execPath, [join(packageDir, 'build.mjs'), '--outfile', path], {
    cwd: packageDir,
  });
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of every run: no AGORA_* from the machine running the tests, unless given. */
function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
}

export function runCommand(command: string, args: string[], options: RunOptions = {}, cwd = packageDir) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(options.env),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // a child that stops reading early (more input than it accepts) closes the pipe: not a test failure
    child.stdin?.on('error', () => {});
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}

/** A runner bound to one bundle: `tokenfn(['rtc', …], { env })`. */
export function cliRunner(bundlePath: () => string) {
  return (args: string[], options?: RunOptions) =>
    runCommand(process.execPath, [bundlePath(), ...args], options);
}

/**
 * For a test file: builds the bundle once before its tests (removed after them) and returns a runner of
 * it. Call at the top level of the file.
 */
export function builtCli() {
  let bundle: { path: string; cleanup(): void } | undefined;
  beforeAll(async () => {
    bundle = await buildCliBundle();
  });
  afterAll(() => bundle?.cleanup());
  return cliRunner(() => {
    if (!bundle) throw new Error('the CLI bundle is built in beforeAll');
    return bundle.path;
  });
}

/** 32 random hex characters: an App ID or certificate that nothing else uses. */
export const hex32 = (): string => randomBytes(16).toString('hex');

/** True when the text contains a JavaScript stack trace line. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || /\n\s*at /.test(text);
}
