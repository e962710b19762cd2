/** Everything the CLI needs from the outside world, so the commands stay free of process globals. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output (the command's result: a token, a table, JSON). */
  stdout(text: string): void;
  /** Writes to standard error (notes, warnings, errors). */
  stderr(text: string): void;
  /** True when standard input is an interactive terminal (nothing piped in). */
  readonly stdinIsTerminal: boolean;
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** The current time in milliseconds since the epoch. */
  now(): number;
  /** An HTTP request (`tokenfn doctor --url`): the platform's fetch. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}
