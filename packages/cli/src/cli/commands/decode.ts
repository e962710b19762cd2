import { booleanOption, expectPositionals, parseCommandArgs } from '../args';
import type { Command } from '../command';
import { EXIT_OK } from '../errors';
import { decodedTable } from '../format/decoded-table';
import { asciiJson, jsonReplacer } from '../format/safe-text';
import {
  ALLOW_LARGE_HELP,
  allowLargeOption,
  decodeOrInvalid,
  maxInflatedBytes,
  tokenArgument,
} from '../read-token';

const options = { json: { type: 'boolean' }, ...allowLargeOption } as const;

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'show what a token (007 or 006) contains and when it expires',
  help: `Usage: tokenfn decode TOKEN [--json] [--allow-large]

Shows what a token contains: version, App ID, services and their privileges (join channel, publish
audio, …), issue and expiry times as dates and as "expires in 9m" / "expired 3h ago". Works for
AccessToken2 ("007…") and legacy AccessToken ("006…"). It does not check the signature: use
'tokenfn verify' for that. TOKEN may be '-' to read it from standard input.

Options:
  --json               print the decoded token as JSON (the shape of decodeToken() in @tokenfn/core)
${ALLOW_LARGE_HELP}  -h, --help           show this help

Exit status: 0 decoded, 1 not a valid token, 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [argument] = expectPositionals(positionals, ['TOKEN']);
    const decoded = decodeOrInvalid(await tokenArgument(argument!, io), maxInflatedBytes(values));
    io.stdout(
      booleanOption(values, 'json')
        ? `${asciiJson(JSON.stringify(decoded, jsonReplacer, 2))}\n`
        : decodedTable(decoded, Math.floor(io.now() / 1000)),
    );
    return EXIT_OK;
  },
};
