import { buildRtcToken, TokenInputError, validateRtmUserId } from '@tokenfn/core';
import { booleanOption, expectPositionals, parseCommandArgs, stringOption } from '../args';
import { issueToken, outputOptions } from '../build-output';
import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import { DEFAULT_EXPIRES_IN, parseExpiresIn, parseRole, parseUid } from '../values';
import { CHANNEL_TOKEN_OPTIONS } from './user-token-options';

const options = {
  ...CHANNEL_TOKEN_OPTIONS,
  rtm: { type: 'boolean' },
  'rtm-user-id': { type: 'string' },
} as const;

export const rtcCommand: Command = {
  name: 'rtc',
  summary: 'an RTC token to join a channel (video, voice, live streaming)',
  help: `Usage: tokenfn rtc --channel NAME (--uid N | --account NAME) [options]

Prints an RTC token (AccessToken2, "007…") for one channel and one user.

Options:
  --channel NAME       the channel to join (required; under 64 bytes of a-z A-Z 0-9 space and
                       ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,)
  --uid N              numeric user id, 0..4294967295 (0 lets any user join)
  --account NAME       string user account, instead of --uid
  --role ROLE          publisher (the default here: join and publish audio, video and data) or
                       subscriber (join only; Agora enforces it only where co-host authentication
                       is enabled). The HTTP API defaults to subscriber, because its callers are
                       clients; whoever runs this command holds the certificate already.
  --expires-in S       seconds from now, 1..86400 (default ${DEFAULT_EXPIRES_IN}); also 90s, 10m, 2h, 1h30m
  --rtm                add RTM login to the same token, for the user id of --account or --uid
  --rtm-user-id ID     add RTM login for this user id (implies --rtm)
  --json               print {token, appId, channel, uid|account, role, issuedAt, expiresAt} as JSON
  --quiet              no note on stderr (the demo-credentials note)
  --app NAME           sign with this app of AGORA_APPS (default AGORA_DEFAULT_APP, or the only one)
  -h, --help           show this help

Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE; without them the demo App ID is used
(and a note says so on stderr). Only the token goes to stdout, so this works:
  TOKEN=$(tokenfn rtc --channel demo --uid 42)
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    expectPositionals(positionals, []);
    const channel = stringOption(values, 'channel');
    if (channel === undefined) throw new UsageError('missing --channel NAME (the channel the token is for)');
    const uidText = stringOption(values, 'uid');
    const account = stringOption(values, 'account');
    if (uidText !== undefined && account !== undefined) {
      throw new UsageError('give either --uid or --account, not both');
    }
    if (uidText === undefined && account === undefined) {
      throw new UsageError(
        'missing --uid N or --account NAME (who the token is for; --uid 0 lets anyone join)',
      );
    }
    const uid = uidText === undefined ? undefined : parseUid(uidText);
    const role = parseRole(stringOption(values, 'role'), 'publisher');
    const expiresIn = parseExpiresIn(stringOption(values, 'expires-in'));
    const rtmUserId = rtmUserIdFor(values, uid, account);
    const user = uid === undefined ? { account } : { uid };
    issueToken(
      io,
      outputOptions(values),
      expiresIn,
      { channel, ...user, role, ...(rtmUserId === undefined ? {} : { rtmUserId }) },
      (credentials, buildOptions) =>
        buildRtcToken(credentials, { channel, ...user, role, expiresIn, rtmUserId }, buildOptions),
    );
    return EXIT_OK;
  },
};

function rtmUserIdFor(
  values: Record<string, string | boolean | undefined>,
  uid: number | undefined,
  account: string | undefined,
): string | undefined {
  const explicit = stringOption(values, 'rtm-user-id');
  if (explicit !== undefined) return explicit;
  if (!booleanOption(values, 'rtm')) return undefined;
  if (account !== undefined) {
    try {
      return validateRtmUserId(account, 'rtmUserId');
    } catch (error) {
      if (!(error instanceof TokenInputError)) throw error;
      throw new UsageError(
        `--rtm uses --account as the RTM user id, and this account is not one (${error.message.replace('rtmUserId ', 'an RTM user id ')}): give --rtm-user-id ID`,
      );
    }
  }
  if (uid === 0) {
    throw new UsageError(
      '--rtm needs a user id, and uid 0 is not one: give --rtm-user-id ID or a non-zero --uid',
    );
  }
  return String(uid);
}
