import { decodeToken, TokenFormatError } from '@tokenfn/core';
import { InvalidTokenError, StdinTooLargeError } from './errors';
import type { CliIo } from './io';
import type { DecodedToken } from './token-expiry';

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

/** Decodes, turning any failure into an InvalidTokenError with a clean one-line message (no stack). */
export function decodeOrInvalid(token: string): DecodedToken {
  try {
    return decodeToken(token);
  } catch (error) {
    if (error instanceof TokenFormatError) {
      throw new InvalidTokenError(`not a valid Agora token: ${error.message} (${error.code})`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidTokenError(`not a valid Agora token: ${detail}`);
  }
}
