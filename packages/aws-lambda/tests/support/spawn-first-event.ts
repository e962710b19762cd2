// Runs first-event.mjs in a fresh Node process without blocking this one (the fake store lives here).
import { BUNDLE, FIRST_EVENT } from './build-bundle';
import { runProcess } from './run-process';

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

export async function spawnFirstEvent(
  env: Record<string, string>,
  event: unknown,
  bundle = BUNDLE,
): Promise<FirstEventRun> {
  const run = await runProcess(process.execPath, [FIRST_EVENT, bundle], {
    env: { PATH: process.env['PATH'] ?? '', ...env, TOKENFN_EVENT: JSON.stringify(event) },
    timeoutMs: 30_000,
  });
  const lines = run.stdout.split('\n').filter(Boolean);
  const last = lines.at(-1) ?? '';
  if (run.code !== 0 || !last.startsWith('RESULT ')) {
    throw new Error(`first-event exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
  }
  return { result: JSON.parse(last.slice(7)), logLines: lines.slice(0, -1), stderr: run.stderr, ms: run.ms };
}
