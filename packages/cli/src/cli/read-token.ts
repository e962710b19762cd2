import {
  type DecodedToken,
  decodeToken,
  INSPECT_MAX_INFLATED_BYTES,
  MAX_INFLATED_BYTES,
  TokenFormatError,
} from '@tokenfn/core';
import { InvalidTokenError, StdinTooLargeError } from './errors';
import type { CliIo } from './io';

/** The TOKEN argument; `-` reads it from standard input. Surrounding whitespace is ignored. */
export async function tokenArgument(argument: string, io: CliIo): Promise<string> {
  if (argument !== '-') return argument.trim();
  try {
    return (await io.readStdin()).trim();
  } catch (error) {
    if (error instanceof StdinTooLargeError) {
      throw new InvalidTokenError(`not a valid Agora token: ${error.message}, far more than any token`);
    }
    throw error;
  }
}

/** The inflate limit without `--allow-large` (real tokens inflate to under 2 KiB) and with it. */
export const DECODE_MAX_INFLATED_BYTES = INSPECT_MAX_INFLATED_BYTES;
export const LARGE_MAX_INFLATED_BYTES = MAX_INFLATED_BYTES;

/** `--allow-large`, shared by the commands that decode a token. */
export const allowLargeOption = { 'allow-large': { type: 'boolean' } } as const;
export const ALLOW_LARGE_HELP =
  '  --allow-large        accept a token that inflates to more than 16 KiB (up to 1 MiB); real\n' +
  '                       tokens inflate to under 2 KiB\n';

/** The inflate limit the command line asks for. */
export function maxInflatedBytes(values: Record<string, unknown>): number {
  return values['allow-large'] === true ? LARGE_MAX_INFLATED_BYTES : DECODE_MAX_INFLATED_BYTES;
}

/** A token copied with the quotes of a JSON answer or a shell line (explain says the same). */
const QUOTED = /^(["'`]).*\1$/s;

/** Decodes, turning any failure into an InvalidTokenError with a clean one-line message (no stack). */
export function decodeOrInvalid(token: string, maxBytes: number = DECODE_MAX_INFLATED_BYTES): DecodedToken {
  try {
    return decodeToken(token, { maxInflatedBytes: maxBytes });
  } catch (error) {
    if (error instanceof TokenFormatError) {
      const hint =
        error.code === 'ERR_TOKEN_TOO_LARGE' && maxBytes < LARGE_MAX_INFLATED_BYTES
          ? '; real tokens inflate to under 2 KiB: pass --allow-large to accept up to 1 MiB'
          : QUOTED.test(token)
            ? '; remove the quotes around the token'
            : '';
      throw new InvalidTokenError(`not a valid Agora token: ${error.message} (${error.code})${hint}`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidTokenError(`not a valid Agora token: ${detail}`);
  }
}
