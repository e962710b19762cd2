import { sha256, toHex } from '@tokenfn/core';
import { apiKeyProblem } from '@tokenfn/http';
import { expectPositionals, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors';
import type { CliIo } from '../io';

/** Prefix of generated keys, so a leaked one is recognisable (and findable by secret scanners). */
const KEY_PREFIX = 'tfn_';
const KEY_BYTES = 32;

export const apiKeyCommand: Command = {
  name: 'api-key',
  summary: 'make an API key and its API_KEY_HASHES entry, or hash a key of yours (--hash)',
  help: `Usage: tokenfn api-key [--json]
       printf %s "$KEY" | tokenfn api-key --hash [--json]

Without --hash: makes a new API key (${KEY_BYTES} random bytes, base64url, prefixed "${KEY_PREFIX}") and prints
it with its SHA-256, the value to put in API_KEY_HASHES (comma-separated for several keys). Give the
key to the server that calls tokenfn; configure only the hash.

With --hash: reads your key from standard input (one trailing newline is dropped) and prints its
SHA-256. A key that could never match over HTTP is refused with the reason: white space at either end
(HTTP strips it), characters outside printable ASCII (clients send them differently), fewer than 16 or
more than 512 characters.

Options:
  --hash       hash the key on standard input instead of making one
  --json       print {key?, hash} as JSON
  -h, --help   show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      hash: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    expectPositionals(positionals, []);
    const json = values['json'] === true;
    if (values['hash'] === true) return hashKey(io, json);

    const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
    const key = `${KEY_PREFIX}${Buffer.from(bytes).toString('base64url')}`;
    const hash = hashOf(key);
    if (json) {
      io.stdout(`${JSON.stringify({ key, hash })}\n`);
    } else {
      io.stdout(`API key:         ${key}\nAPI_KEY_HASHES:  ${hash}\n`);
      io.stderr(
        'tokenfn: keep the key secret (send it as X-API-Key from your server); only the hash goes into the configuration.\n',
      );
    }
    return EXIT_OK;
  },
};

async function hashKey(io: CliIo, json: boolean): Promise<number> {
  if (io.stdinIsTerminal) {
    throw new UsageError(
      'pipe the key on standard input, e.g. printf %s "$KEY" | tokenfn api-key --hash (a key never goes on the command line)',
    );
  }
  const input = await io.readStdin();
  const key = input.replace(/\r?\n$/, '');
  const problem = apiKeyProblem(key);
  if (problem !== undefined) {
    // The reason only, never the key.
    io.stderr(`tokenfn api-key: this key cannot be used: it ${problem}\n`);
    return EXIT_FAILURE;
  }
  const hash = hashOf(key);
  io.stdout(json ? `${JSON.stringify({ hash })}\n` : `${hash}\n`);
  return EXIT_OK;
}

function hashOf(key: string): string {
  return toHex(sha256(new TextEncoder().encode(key)));
}
