import { buildAgentToken } from '@tokenfn/core';
import { expectPositionals, parseCommandArgs, stringOption } from '../args';
import { issueToken, outputOptions } from '../build-output';
import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import { DEFAULT_EXPIRES_IN, parseExpiresIn, parseRole, parseUid } from '../values';
import { CHANNEL_TOKEN_OPTIONS } from './user-token-options';

const options = CHANNEL_TOKEN_OPTIONS;

/** `tokenfn convoai` and `tokenfn stt`: the token an agent or bot joins with, as the HTTP routes make it. */
function agentCommand(
  name: 'convoai' | 'stt',
  what: string,
  restApi: string,
  defaultRole: 'publisher' | 'subscriber',
): Command {
  return {
    name,
    summary: `the token ${what} joins with (RTC + RTM + ${name === 'convoai' ? 'ConvoAI' : 'STT'})`,
    help: `Usage: tokenfn ${name} --channel NAME (--uid N | --account NAME) [options]

Prints the token ${what} joins with: RTC for the channel as the given uid or account, RTM login
for the same id, and the ${name === 'convoai' ? 'ConvoAI' : 'STT'} service. Give ${restApi} the same
channel and uid.

Options:
  --channel NAME       the channel (required)
  --uid N              the ${name === 'convoai' ? "agent's" : "bot's"} numeric uid, 1..4294967295 (0 is refused: the RTM login needs the same id)
  --account NAME       its user account, instead of --uid
  --role ROLE          publisher or subscriber (default ${defaultRole})
  --expires-in S       seconds from now, 1..86400 (default ${DEFAULT_EXPIRES_IN}); also 90s, 10m, 2h, 1h30m
  --json               print {token, appId, channel, uid|account, role, rtmUserId, issuedAt, expiresAt}
  --quiet              no note on stderr (the demo-credentials note)
  --app NAME           sign with this app of AGORA_APPS (default AGORA_DEFAULT_APP, or the only one)
  -h, --help           show this help

Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE (or AGORA_APPS); without them the demo App
ID is used.
`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, options);
      expectPositionals(positionals, []);
      const channel = stringOption(values, 'channel');
      if (channel === undefined) throw new UsageError('missing --channel NAME');
      const uidText = stringOption(values, 'uid');
      const account = stringOption(values, 'account');
      if ((uidText === undefined) === (account === undefined)) {
        throw new UsageError('give exactly one of --uid N and --account NAME');
      }
      const uid = uidText === undefined ? undefined : parseUid(uidText, true);
      const who = uid === undefined ? { account: account as string } : { uid };
      const role = parseRole(stringOption(values, 'role'), defaultRole);
      const expiresIn = parseExpiresIn(stringOption(values, 'expires-in'));
      issueToken(
        io,
        outputOptions(values),
        expiresIn,
        { channel, ...who, role, rtmUserId: String(uid ?? account) },
        (credentials, buildOptions) =>
          buildAgentToken(credentials, { product: name, channel, ...who, role, expiresIn }, buildOptions),
      );
      return EXIT_OK;
    },
  };
}

export const convoaiCommand = agentCommand(
  'convoai',
  'a Conversational AI agent',
  "the ConvoAI REST API's properties.channel and agent_rtc_uid",
  'publisher',
);
export const sttCommand = agentCommand(
  'stt',
  'a real-time speech-to-text bot',
  'the STT REST API (its bot uids)',
  'subscriber',
);
