import packageJson from '../../package.json' with { type: 'json' };
import type { Command } from './command';
import { convoaiCommand, sttCommand } from './commands/agent';
import { apiKeyCommand } from './commands/api-key';
import { chatCommand } from './commands/chat';
import { decodeCommand } from './commands/decode';
import { doctorCommand } from './commands/doctor';
import { explainCommand } from './commands/explain';
import { rtcCommand } from './commands/rtc';
import { rtmCommand } from './commands/rtm';
import { verifyCommand } from './commands/verify';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InvalidTokenError, UsageError } from './errors';
import type { CliIo } from './io';
import { closest } from './suggest';

const COMMANDS: readonly Command[] = [
  rtcCommand,
  rtmCommand,
  chatCommand,
  convoaiCommand,
  sttCommand,
  decodeCommand,
  verifyCommand,
  explainCommand,
  apiKeyCommand,
  doctorCommand,
];

export const VERSION: string = packageJson.version;

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const commands = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n');
  return `tokenfn ${VERSION}: Agora access tokens from the command line

Usage: tokenfn <command> [options]

Commands:
${commands}

Options:
  -h, --help     show help (also: tokenfn <command> --help, tokenfn help <command>)
  -v, --version  show the version

Credentials: AGORA_APP_ID and AGORA_APP_CERTIFICATE from the environment, or AGORA_APPS (several apps,
chosen with --app). Without them tokenfn uses Agora's public demo App ID and certificate, and says so
on stderr. The certificate is never taken from the command line.

Examples:
  tokenfn rtc --channel demo --uid 42 --role publisher --expires-in 600
  tokenfn rtm --user-id alice --json
  tokenfn convoai --channel support --uid 1001 --app prod
  tokenfn decode "$TOKEN"
  printf %s "$AGORA_APP_CERTIFICATE" | tokenfn verify "$TOKEN"
  tokenfn explain "$TOKEN" --channel demo --uid 42 --publish
  tokenfn doctor --url https://tokens.example.com --api-key --origin https://app.example.com

Exit status: 0 success, 1 invalid token, failed verification, a refused intent (explain) or a failed
check (doctor), 2 usage error.
`;
}

const HELP_FLAGS = new Set(['-h', '--help']);

/** Runs `tokenfn` with the given arguments; returns the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const [first, ...rest] = args;
  if (first === undefined) {
    io.stderr(mainHelp());
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(first) || first === 'help') return showHelp(rest[0], io);
  if (first === '-v' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) return unknownCommand(first, io);
  if (wantsHelp(rest)) {
    io.stdout(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(command, error, io);
  }
}

/** `--help` anywhere before a `--` terminator, whatever else is on the line. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

function showHelp(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) {
    io.stdout(mainHelp());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === topic);
  if (command === undefined) return unknownCommand(topic, io);
  io.stdout(command.help);
  return EXIT_OK;
}

function unknownCommand(name: string, io: CliIo): number {
  const names = COMMANDS.map((c) => c.name);
  // Never echo something long: it may be a token pasted in the wrong place.
  const shown = name.length <= 24 && /^[\w-]*$/.test(name) ? `'${name}'` : 'given';
  const looksLikeToken = /^00[67]/.test(name);
  const hint = looksLikeToken
    ? " (that looks like a token: use 'tokenfn decode TOKEN')"
    : name.startsWith('-')
      ? ''
      : (() => {
          const suggestion = closest(name, names);
          return suggestion ? ` (did you mean '${suggestion}'?)` : '';
        })();
  const what = name.startsWith('-') ? `unknown option ${shown}` : `unknown command ${shown}`;
  io.stderr(`tokenfn: ${what}${hint}\nCommands: ${names.join(', ')}. Run 'tokenfn --help' for usage.\n`);
  return EXIT_USAGE;
}

function reportError(command: Command, error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`tokenfn ${command.name}: ${error.message}\nRun 'tokenfn ${command.name} --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof InvalidTokenError) {
    io.stderr(`tokenfn ${command.name}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`tokenfn ${command.name}: unexpected error: ${message}\n`);
  return EXIT_FAILURE;
}
