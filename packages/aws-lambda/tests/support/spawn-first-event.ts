// Runs first-event.mjs in a fresh Node process without blocking this one (the fake store lives here).
import { spawn } from 'node:child_process';
import { BUNDLE, FIRST_EVENT } from './build-bundle';

export interface FirstEventRun {
  result: {
    statusCode: number;
    body: string;
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    isBase64Encoded: boolean;
  };
  /** stdout lines before the RESULT line: the function's logs */
  logLines: string[];
  stderr: string;
  ms: number;
}

export function spawnFirstEvent(
  env: Record<string, string>,
  event: unknown,
  bundle = BUNDLE,
): Promise<FirstEventRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [FIRST_EVENT, bundle], {
      env: { PATH: process.env['PATH'] ?? '', ...env, TOKENFN_EVENT: JSON.stringify(event) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const lines = stdout.split('\n').filter(Boolean);
      const last = lines.at(-1) ?? '';
      if (code !== 0 || !last.startsWith('RESULT ')) {
        reject(new Error(`first-event exited ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ result: JSON.parse(last.slice(7)), logLines: lines.slice(0, -1), stderr, ms });
    });
  });
}
