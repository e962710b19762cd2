// Reading a `.env` file on Node without overriding variables already set in the environment.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** The environment with the file's values filling the gaps (the environment wins). */
export function withEnvFile(
  env: Record<string, string | undefined>,
  path: string,
): { env: Record<string, string | undefined>; loadedFrom?: string } {
  const file = readEnvFile(path);
  if (Object.keys(file).length === 0) return { env };
  const merged: Record<string, string | undefined> = { ...file };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return { env: merged, loadedFrom: path };
}
