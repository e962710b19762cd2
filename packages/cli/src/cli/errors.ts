/** The command line was wrong: exit status 2, with a hint to run `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The token is malformed, fails verification or has expired: exit status 1. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** Standard input held more than a token or a certificate can be (the reader stops there). */
export class StdinTooLargeError extends Error {
  override readonly name = 'StdinTooLargeError';

  constructor(maxBytes: number) {
    super(`standard input is larger than ${maxBytes} bytes`);
  }
}

export const EXIT_OK = 0;
/** A token that is invalid, a check that failed, output that could not be written. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
