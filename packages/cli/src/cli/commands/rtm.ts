import { buildRtmToken } from '@tokenfn/core';
import { expectPositionals, parseCommandArgs, stringOption } from '../args';
import { issueToken, outputOptions } from '../build-output';
import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import { DEFAULT_EXPIRES_IN, parseExpiresIn } from '../values';
import { USER_TOKEN_OPTIONS } from './user-token-options';

export const rtmCommand: Command = {
  name: 'rtm',
  summary: 'an RTM (Signaling) login token for one user id',
  help: `Usage: tokenfn rtm --user-id ID [options]

Prints an RTM login token (AccessToken2, "007…") for one user id.

Options:
  --user-id ID         the RTM user id (required; 1..64 bytes, not starting with a space)
  --expires-in S       seconds from now, 1..86400 (default ${DEFAULT_EXPIRES_IN}); also 90s, 10m, 2h, 1h30m
  --json               print {token, appId, userId, issuedAt, expiresAt} as JSON
  --quiet              no note on stderr (the demo-credentials note)
  --app NAME           sign with this app of AGORA_APPS (default AGORA_DEFAULT_APP, or the only one)
  -h, --help           show this help

Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE; without them the demo App ID is used.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, USER_TOKEN_OPTIONS);
    expectPositionals(positionals, []);
    const userId = stringOption(values, 'user-id');
    if (userId === undefined) throw new UsageError('missing --user-id ID (the RTM user the token is for)');
    const expiresIn = parseExpiresIn(stringOption(values, 'expires-in'));
    issueToken(io, outputOptions(values), expiresIn, { userId }, (credentials, buildOptions) =>
      buildRtmToken(credentials, { userId, expiresIn }, buildOptions),
    );
    return EXIT_OK;
  },
};
