import { buildChatAppToken, buildChatUserToken } from '@tokenfn/core';
import { expectPositionals, parseCommandArgs, stringOption } from '../args';
import { issueToken, outputOptions } from '../build-output';
import type { Command } from '../command';
import { EXIT_OK } from '../errors';
import { DEFAULT_EXPIRES_IN, parseExpiresIn } from '../values';
import { USER_TOKEN_OPTIONS } from './user-token-options';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'a Chat token: a user token with --user-id, else an app token',
  help: `Usage: tokenfn chat [--user-id ID] [options]

Prints a Chat token (AccessToken2, "007…"): a user token for --user-id, or without it an app token
(for your own server calling the Chat REST API; never hand an app token to a client).

Options:
  --user-id ID         the Chat user id; omit for an app token
  --expires-in S       seconds from now, 1..86400 (default ${DEFAULT_EXPIRES_IN}); also 90s, 10m, 2h, 1h30m
  --json               print {token, appId, userId?, issuedAt, expiresAt} as JSON
  --quiet              no note on stderr (the demo-credentials note)
  --app NAME           sign with this app of AGORA_APPS (default AGORA_DEFAULT_APP, or the only one)
  -h, --help           show this help

Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE; without them the demo App ID is used.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, USER_TOKEN_OPTIONS);
    expectPositionals(positionals, []);
    const userId = stringOption(values, 'user-id');
    const expiresIn = parseExpiresIn(stringOption(values, 'expires-in'));
    issueToken(
      io,
      outputOptions(values),
      expiresIn,
      userId === undefined ? {} : { userId },
      (credentials, buildOptions) =>
        userId === undefined
          ? buildChatAppToken(credentials, { expiresIn }, buildOptions)
          : buildChatUserToken(credentials, { userId, expiresIn }, buildOptions),
    );
    return EXIT_OK;
  },
};
