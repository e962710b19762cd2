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
 * Parses one command's arguments with Node's `util.parseArgs` and checks its tokens: an unknown flag, a
 * flag without its value, a switch given a value and a value flag given twice are UsageErrors that name
 * the flag (and suggest the right one). Values given on the command line are never echoed (a mistyped
 * flag may be followed by a token or a certificate).
 */
export function parseCommandArgs(args: string[], options: OptionSpecs): ParsedArgs {
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = token.rawName;
    const spec = options[token.name];
    if (spec === undefined) throw unknownOption(flag, options);
    // parseArgs keeps the last of `--channel a --channel b`: a token for a channel nobody meant.
    if (spec.type === 'string' && given.has(token.name)) {
      throw new UsageError(`${flag} is given more than once: give it once`);
    }
    given.add(token.name);
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`${flag} does not take a value`);
    }
    if (spec.type === 'string' && token.value === undefined) throw new UsageError(`${flag} needs a value`);
    // `--channel --uid 5` is a forgotten value far more often than a channel named "--uid".
    if (spec.type === 'string' && token.inlineValue === false && token.value?.startsWith('-')) {
      throw new UsageError(
        `${flag} needs a value, and the next argument starts with '-'; write ${flag}=VALUE if you meant it`,
      );
    }
  }
  return { values: values as ParsedValues, positionals };
}

function unknownOption(flag: string, options: OptionSpecs): UsageError {
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
