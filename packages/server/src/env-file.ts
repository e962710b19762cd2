// Reading a `.env` file on Node without overriding variables already set in the environment.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** A `.env` that exists but cannot be read (a directory, no permission): the start stops on it. */
export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
}

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code;
    throw new EnvFileError(`cannot read ${path}: ${String(why ?? 'unreadable')}`);
  }
  return parseEnv(text) as Record<string, string>;
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
