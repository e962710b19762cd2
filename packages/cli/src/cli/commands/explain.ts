import {
  type DecodedToken,
  type Diagnosis,
  type DiagnosisIntent,
  diagnoseToken,
  type Finding,
} from '@tokenfn/core';
import { booleanOption, expectPositionals, parseCommandArgs, stringOption } from '../args';
import type { Command } from '../command';
import { APP_CERTIFICATE_ENV, APPS_ENV, credentialsToCheck, envValue } from '../credentials';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../errors';
import { formatFindings } from '../format/findings';
import { asciiJson, jsonReplacer, quotedValue, safeText } from '../format/safe-text';
import { ALLOW_LARGE_HELP, allowLargeOption, maxInflatedBytes, tokenArgument } from '../read-token';
import { parseUid } from '../values';

const options = {
  channel: { type: 'string' },
  uid: { type: 'string' },
  account: { type: 'string' },
  publish: { type: 'boolean' },
  'rtm-user': { type: 'string' },
  'chat-user': { type: 'string' },
  json: { type: 'boolean' },
  ...allowLargeOption,
} as const;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'say why a token would be refused for what your app does (channel, uid, RTM, publishing)',
  help: `Usage: tokenfn explain TOKEN [--channel NAME] [--uid N | --account NAME] [--publish]
                       [--rtm-user ID] [--chat-user ID] [--json]

Explains why Agora would refuse TOKEN for what your app does: expired, another channel (or the same
name in another case), a user account where the app joins with a numeric uid (or the reverse), uid 0
against a fixed uid, an RTC token used for RTM, a subscriber token used to publish, a lifetime over
24 hours or a unix timestamp given as seconds, another App ID or certificate. Each finding says what
is wrong and what to change, worst first. TOKEN may be '-' to read it from standard input.

Describe what the app does:
  --channel NAME       the channel it joins
  --uid N              the numeric uid it joins with (0: the SDK picks one)
  --account NAME       the user account it joins with (joinChannelWithUserAccount), instead of --uid
  --publish            it publishes audio or video (a host), not only watches
  --rtm-user ID        it logs in to RTM as ID (with --channel too: the token is checked for both)
  --chat-user ID       it logs in to Chat as ID
With none of them, only what is wrong with the token itself is reported.

With AGORA_APP_CERTIFICATE set, the signature is checked too (a 006 token needs --channel and --uid
or --account, or --rtm-user); a token for the demo App ID is checked against the demo certificate.
With AGORA_APP_ID set, a token for another App ID is refused. With AGORA_APPS (several apps), the
token is checked against the app with its App ID.

Options:
  --json               print {allowsIntent, intents, findings: [{code, severity, message, fix?}],
                       decoded?}
${ALLOW_LARGE_HELP}  -h, --help           show this help

Exit status: 0 the token allows it, 1 it does not (or is no token), 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [argument] = expectPositionals(positionals, ['TOKEN']);
    const intents = intentsFrom(values);
    const token = await tokenArgument(argument!, io);
    const now = Math.floor(io.now() / 1000);
    const maxBytes = maxInflatedBytes(values);
    const tokenAppId = diagnoseToken(token, undefined, { maxInflatedBytes: maxBytes }).decoded?.appId;
    const checking = credentialsToCheck(io, tokenAppId);
    const appCertificate = checking?.appCertificate;
    const diagnosis = explainToken(token, intents, {
      now,
      appId: checking?.appId,
      appCertificate,
      maxInflatedBytes: maxBytes,
    });
    if (booleanOption(values, 'json')) {
      const { decoded, findings, allowsIntent } = diagnosis;
      const out = { allowsIntent, intents, findings, ...(decoded ? { decoded } : {}) };
      io.stdout(`${asciiJson(JSON.stringify(out, jsonReplacer, 2))}\n`);
    } else {
      io.stdout(
        explanationText(
          diagnosis,
          intents,
          appCertificate !== undefined,
          envValue(io, APPS_ENV) !== undefined,
        ),
      );
    }
    return diagnosis.allowsIntent ? EXIT_OK : EXIT_FAILURE;
  },
};

type Values = Record<string, string | boolean | undefined>;

/** The intents the flags describe: RTC (channel, uid or account, publish), RTM, Chat, or none. */
function intentsFrom(values: Values): DiagnosisIntent[] {
  const channel = stringOption(values, 'channel');
  const uidText = stringOption(values, 'uid');
  const account = stringOption(values, 'account');
  const publish = booleanOption(values, 'publish');
  const rtmUser = stringOption(values, 'rtm-user');
  const chatUser = stringOption(values, 'chat-user');
  if (uidText !== undefined && account !== undefined)
    throw new UsageError('give either --uid or --account, not both');
  const intents: DiagnosisIntent[] = [];
  if (channel !== undefined || uidText !== undefined || account !== undefined || publish) {
    intents.push({
      product: 'rtc',
      ...(channel !== undefined ? { channel } : {}),
      ...(uidText !== undefined ? { uid: parseUid(uidText) } : {}),
      ...(account !== undefined ? { account } : {}),
      ...(publish ? { publish } : {}),
    });
  }
  if (rtmUser !== undefined) intents.push({ product: 'rtm', userId: rtmUser });
  if (chatUser !== undefined) intents.push({ product: 'chat', userId: chatUser });
  return intents;
}

/**
 * diagnoseToken for each intent, merged: a finding about the token itself (the same code and message from
 * every intent) is kept once; the token allows what the app does when it allows every intent.
 */
export function explainToken(
  token: string,
  intents: readonly DiagnosisIntent[],
  options: Parameters<typeof diagnoseToken>[2],
): Diagnosis {
  const runs =
    intents.length === 0
      ? [diagnoseToken(token, undefined, options)]
      : intents.map((i) => diagnoseToken(token, i, options));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const run of runs) {
    for (const f of run.findings) {
      const key = `${f.code}\n${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
  const decoded = runs[0]?.decoded;
  const allowsIntent = runs.every((r) => r.allowsIntent);
  return decoded === undefined ? { findings, allowsIntent } : { decoded, findings, allowsIntent };
}

function intentText(intent: DiagnosisIntent): string {
  if (intent.product === 'rtm') return `log in to RTM as ${quotedValue(intent.userId)}`;
  if (intent.product === 'chat') return `log in to Chat as ${quotedValue(intent.userId)}`;
  const parts = ['join'];
  parts.push(intent.channel === undefined ? 'an RTC channel' : `channel ${quotedValue(intent.channel)}`);
  if (intent.uid !== undefined) parts.push(`as uid ${intent.uid}`);
  if (intent.account !== undefined) parts.push(`as user account ${quotedValue(intent.account)}`);
  if (intent.publish) parts.push('and publish');
  return parts.join(' ');
}

function tokenSummary(decoded: DecodedToken): string {
  if (decoded.version === '006') return `006 (AccessToken) for App ID ${safeText(decoded.appId)}`;
  const services = decoded.services.map((s) => s.name).join(', ') || 'no service';
  return `007 (AccessToken2) for App ID ${safeText(decoded.appId)}: ${services}`;
}

function explanationText(
  diagnosis: Diagnosis,
  intents: readonly DiagnosisIntent[],
  signatureChecked: boolean,
  withApps: boolean,
): string {
  const lines: string[] = [];
  if (diagnosis.decoded) lines.push(`token   ${tokenSummary(diagnosis.decoded)}`);
  if (intents.length > 0) lines.push(`intent  ${intents.map(intentText).join('; ')}`);
  if (lines.length > 0) lines.push('');
  lines.push(formatFindings(diagnosis.findings));
  const count = (s: Finding['severity']) => diagnosis.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const tally = [
    errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const also = tally.length ? ` (${tally.join(', ')})` : '';
  lines.push(
    !diagnosis.allowsIntent
      ? `\nresult  refused: ${tally.join(', ')}`
      : intents.length === 0
        ? `\nresult  no error in the token itself${also}; describe what your app does (--channel, --uid, …) to check that too`
        : `\nresult  allowed: nothing in the token stops what your app does${also}`,
  );
  if (!signatureChecked && diagnosis.decoded) {
    lines.push(
      withApps
        ? `        the signature was not checked: no app of ${APPS_ENV} has the token's App ID`
        : `        the signature was not checked: set ${APP_CERTIFICATE_ENV} to check it`,
    );
  }
  return `${lines.join('\n')}\n`;
}
