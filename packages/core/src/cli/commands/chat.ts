import { buildChatAppToken, buildChatUserToken } from '../../index';
import { booleanOption, expectPositionals, parseCommandArgs, stringOption } from '../args';
import { buildOrUsageError, nowInSeconds, writeBuiltToken } from '../build-output';
import type { Command } from '../command';
import { noteIfDemo, resolveCredentials } from '../credentials';
import { EXIT_OK } from '../errors';
import { DEFAULT_EXPIRES_IN, parseExpiresIn } from '../values';

const options = {
  'user-id': { type: 'string' },
  'expires-in': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const chatCommand: Command = {
  name: 'chat',
  summary: 'a Chat token: a user token with --user-id, else an app token',
  help: `Usage: tokenfn chat [--user-id ID] [options]

Prints a Chat token (AccessToken2, "007…"): a user token for --user-id, or without it an app token
(for your own server calling the Chat REST API; never hand an app token to a client).

Options:
  --user-id ID         the Chat user id; omit for an app token
  --expires-in S       seconds from now, 1..86400 (default ${DEFAULT_EXPIRES_IN}); also 90s, 10m, 2h
  --json               print {token, appId, userId?, issuedAt, expiresAt} as JSON
  -h, --help           show this help

Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE; without them the demo App ID is used.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    expectPositionals(positionals, []);
    const userId = stringOption(values, 'user-id');
    const expiresIn = parseExpiresIn(stringOption(values, 'expires-in'));
    const resolved = resolveCredentials(io);
    const { credentials } = resolved;
    const issuedAt = nowInSeconds(io);
    const token = buildOrUsageError(() =>
      userId === undefined
        ? buildChatAppToken(credentials, { expiresIn }, { issueTs: issuedAt })
        : buildChatUserToken(credentials, { userId, expiresIn }, { issueTs: issuedAt }),
    );
    noteIfDemo(io, resolved);
    writeBuiltToken(io, booleanOption(values, 'json'), {
      token,
      appId: credentials.appId,
      ...(userId === undefined ? {} : { userId }),
      issuedAt,
      expiresAt: issuedAt + expiresIn,
    });
    return EXIT_OK;
  },
};
