import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors';
import { closest } from './suggest';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  values: ParsedValues;
  positionals: string[];
}

/** Flags people reach for that must never exist: the certificate does not belong on a command line. */
const CERTIFICATE_FLAGS = /^--?(app-?)?(cert|certificate|app_certificate|secret|key)$/i;

/**
 * Parses one command's arguments with Node's `util.parseArgs` (strict) and turns its errors into
 * UsageErrors that name the flag and suggest the right one. Values given on the command line are never
 * echoed (a mistyped flag may be followed by a token or a certificate).
 */
export function parseCommandArgs(args: string[], options: OptionSpecs): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw translateParseError(error, options);
  }
}

function translateParseError(error: unknown, options: OptionSpecs): Error {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^' =]*)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    if (CERTIFICATE_FLAGS.test(flag)) {
      return new UsageError(
        `${flag} is not accepted: the App Certificate is never taken from the command line (it would end up ` +
          'in shell history and process lists). Set AGORA_APP_CERTIFICATE or pipe it on standard input.',
      );
    }
    const known = Object.keys(options).map((name) => `--${name}`);
    const suggestion = closest(flag, known);
    return new UsageError(`unknown option ${flag}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return new UsageError(`${flag} does not take a value`);
    if (message.includes('argument missing')) return new UsageError(`${flag} needs a value`);
    if (message.includes('ambiguous')) {
      return new UsageError(
        `${flag} needs a value, and the next argument starts with '-'; write ${flag}=VALUE if you meant it`,
      );
    }
    return new UsageError(`invalid value for ${flag}`);
  }
  return new UsageError(message);
}

/** The value of a string option, or undefined; parseArgs guarantees the type for options declared 'string'. */
export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** Exactly `count` positionals, without echoing them in the error (they may be tokens). */
export function expectPositionals(positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}`);
  }
  if (positionals.length > names.length) {
    const expected = names.length === 0 ? 'no arguments' : `only ${names.join(' ')}`;
    throw new UsageError(`too many arguments: expected ${expected}, got ${positionals.length}`);
  }
  return positionals;
}
