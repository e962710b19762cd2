import type { CliIo } from './io';

/** One `tokenfn` sub-command. `run` returns the exit status or throws UsageError / InvalidTokenError. */
export interface Command {
  readonly name: string;
  /** One line for `tokenfn --help`. */
  readonly summary: string;
  /** The full text of `tokenfn <name> --help`. */
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
