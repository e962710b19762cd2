import { DEMO_CREDENTIALS, type DecodedToken, tokenExpiresAt, verifyToken } from '@tokenfn/core';
import { booleanOption, expectPositionals, parseCommandArgs, stringOption } from '../args';
import type { Command } from '../command';
import {
  APP_CERTIFICATE_ENV,
  APP_ID_ENV,
  APPS_ENV,
  appsFromEnv,
  appWithAppId,
  checkedCertificate,
  envValue,
  namedApp,
  PREVIOUS_CERTIFICATE_ENV,
} from '../credentials';
import { EXIT_FAILURE, EXIT_OK, InvalidTokenError, StdinTooLargeError, UsageError } from '../errors';
import { asciiJson, quotedValue, safeText } from '../format/safe-text';
import { expiryPhrase, isoDate } from '../format/time';
import type { CliIo } from '../io';
import { ALLOW_LARGE_HELP, allowLargeOption, decodeOrInvalid, maxInflatedBytes } from '../read-token';
import { parseUid } from '../values';

const options = {
  channel: { type: 'string' },
  uid: { type: 'string' },
  account: { type: 'string' },
  'user-id': { type: 'string' },
  app: { type: 'string' },
  json: { type: 'boolean' },
  ...allowLargeOption,
} as const;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a token against your App Certificate, and that it has not expired',
  help: `Usage: tokenfn verify TOKEN [--channel NAME (--uid N | --account NAME) | --user-id ID] [--json]

Checks that TOKEN was signed with your App Certificate and has not expired.

The certificate is read from AGORA_APP_CERTIFICATE, or else from standard input:
  printf %s "$CERT" | tokenfn verify "$TOKEN"
It is never accepted as an argument (arguments end up in shell history and process lists). With
neither, a token for the demo App ID is checked against the demo certificate. During a certificate
rotation, set AGORA_PREVIOUS_APP_CERTIFICATE too: a token signed with it is valid, and the answer says
which certificate matched. With AGORA_APPS (several apps, as the service's secret holds them), the
token is checked against the app whose App ID it carries, or the one --app names, with that app's
appCertificate and previousAppCertificate.

Options:
  --channel NAME       the channel: required for a 006 RTC token (it carries only a CRC of it);
                       for a 007 token, also checks that the token is for this channel (and,
                       with --uid or --account, this user)
  --uid N              the uid: required with --channel for a 006 token (or --account)
  --account NAME       the user account, instead of --uid
  --user-id ID         the RTM user id: required for a 006 RTM token; for a 007 token, also
                       checks that the token is for this user (RTM, RTM2 or Chat)
  --app NAME           with AGORA_APPS: the app to check against (default: the app with the
                       token's App ID)
  --json               print {valid, signatureValid, expired, expiresAt, version, certificateFrom,
                       certificate? (current or previous, with AGORA_PREVIOUS_APP_CERTIFICATE), appId,
                       reason?}; for something that is no token, {valid: false, reason}
${ALLOW_LARGE_HELP}  -h, --help           show this help

Exit status: 0 valid, 1 invalid (bad signature, expired, not a token), 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [token] = expectPositionals(positionals, ['TOKEN']).map((t) => t.trim());
    const json = booleanOption(values, 'json');
    let decoded: DecodedToken;
    try {
      decoded = decodeOrInvalid(token!, maxInflatedBytes(values));
    } catch (error) {
      // A script asking for JSON gets JSON, also for something that is not a token at all.
      if (!(json && error instanceof InvalidTokenError)) throw error;
      io.stdout(`${asciiJson(JSON.stringify({ valid: false, reason: error.message }, null, 2))}\n`);
      return EXIT_FAILURE;
    }
    const context = verificationContext(values, decoded);
    const {
      certificate,
      source,
      previous: appPrevious,
    } = await certificateFor(decoded, io, stringOption(values, 'app'));
    const now = Math.floor(io.now() / 1000);
    // For a 006 token verificationContext always gives a uid (it refuses --channel alone).
    const context006 =
      decoded.version === '006' && context?.uid !== undefined
        ? { channelName: context.channelName, uid: context.uid }
        : undefined;
    // During a rotation, a token signed before it verifies with the previous certificate.
    const previousText = source === APP_CERTIFICATE_ENV ? envValue(io, PREVIOUS_CERTIFICATE_ENV) : undefined;
    const previous =
      appPrevious ??
      (previousText === undefined ? undefined : checkedCertificate(previousText, PREVIOUS_CERTIFICATE_ENV));
    const matched: 'current' | 'previous' | null = verifyToken(token!, certificate, context006)
      ? 'current'
      : previous !== undefined && verifyToken(token!, previous, context006)
        ? 'previous'
        : null;
    const signatureValid = matched !== null;
    const usedSource =
      matched !== 'previous'
        ? source
        : appPrevious !== undefined
          ? `${source}, previousAppCertificate`
          : PREVIOUS_CERTIFICATE_ENV;
    const expiresAt = tokenExpiresAt(decoded);
    const expired = expiresAt !== undefined && expiresAt <= now;
    const reason = !signatureValid
      ? signatureReason(decoded, io)
      : expired
        ? `the signature matches, but the token ${expiryPhrase(expiresAt, now)} (${isoDate(expiresAt)})`
        : decoded.version === '007'
          ? contextMismatch(decoded, context)
          : undefined;
    const valid = reason === undefined;
    if (json) {
      const result = {
        valid,
        signatureValid,
        expired,
        expiresAt: expiresAt ?? null,
        version: decoded.version,
        certificateFrom: usedSource,
        ...(previous === undefined ? {} : { certificate: matched }),
      };
      io.stdout(
        `${asciiJson(JSON.stringify({ ...result, appId: decoded.appId, ...(reason ? { reason } : {}) }, null, 2))}\n`,
      );
    } else if (valid) {
      const expiry =
        expiresAt === undefined ? 'no expiry' : `${expiryPhrase(expiresAt, now)} (${isoDate(expiresAt)})`;
      io.stdout(`valid: signed with the App Certificate from ${usedSource}; ${expiry}\n`);
    } else {
      io.stdout(`invalid: ${reason}${signatureValid ? '' : ` (App Certificate from ${source})`}\n`);
    }
    return valid ? EXIT_OK : EXIT_FAILURE;
  },
};

interface Context {
  channelName: string;
  /** undefined: a 007 token checked for its channel only */
  uid?: number | string;
  /** Given with --user-id: an RTM user (a 006 RTM token packs it as the channel, with uid ""). */
  userId?: string;
}

/** 006 needs the channel and uid to verify; for 007 they are optional extra checks. */
function verificationContext(
  values: Record<string, string | boolean | undefined>,
  decoded: DecodedToken,
): Context | undefined {
  const channel = stringOption(values, 'channel');
  const uidText = stringOption(values, 'uid');
  const account = stringOption(values, 'account');
  const userId = stringOption(values, 'user-id');
  if (uidText !== undefined && account !== undefined)
    throw new UsageError('give either --uid or --account, not both');
  if (userId !== undefined) {
    if (channel !== undefined || uidText !== undefined || account !== undefined) {
      throw new UsageError('--user-id (an RTM token) does not go with --channel, --uid or --account');
    }
    return { channelName: userId, uid: '', userId };
  }
  const uid = uidText === undefined ? account : parseUid(uidText);
  if (channel === undefined && uid === undefined) {
    if (decoded.version === '006') {
      throw new UsageError(
        'a 006 token carries only checksums of its channel and uid: give --channel NAME and --uid N ' +
          '(or --account NAME), or --user-id ID for an RTM token',
      );
    }
    return undefined;
  }
  if (channel === undefined) throw new UsageError('--uid and --account need --channel NAME too');
  if (uid === undefined) {
    if (decoded.version === '006')
      throw new UsageError('--channel needs --uid N or --account NAME too for a 006 token');
    return { channelName: channel };
  }
  return { channelName: channel, uid };
}

/**
 * The certificate and where it came from: AGORA_APP_CERTIFICATE (standard input is then not read: say so
 * in every answer), else standard input, else the demo one for a demo token.
 */
async function certificateFor(
  decoded: DecodedToken,
  io: CliIo,
  app: string | undefined,
): Promise<{ certificate: string; source: string; previous?: string }> {
  const apps = appsFromEnv(io);
  if (apps !== undefined) {
    const name = app ?? appWithAppId(apps, decoded.appId);
    if (name === undefined) {
      throw new UsageError(
        `no app in ${APPS_ENV} has the token's App ID (${Object.keys(apps).join(', ')}): choose one with --app NAME`,
      );
    }
    const chosen = namedApp(apps, name);
    return {
      certificate: chosen.appCertificate,
      source: `${APPS_ENV} (app ${JSON.stringify(name)})`,
      ...(chosen.previousAppCertificate ? { previous: chosen.previousAppCertificate } : {}),
    };
  }
  if (app !== undefined) {
    throw new UsageError(`--app needs ${APPS_ENV} (several apps, as the service's secret holds them)`);
  }
  const fromEnv = envValue(io, APP_CERTIFICATE_ENV);
  if (fromEnv !== undefined) {
    return { certificate: checkedCertificate(fromEnv, APP_CERTIFICATE_ENV), source: APP_CERTIFICATE_ENV };
  }
  const fromStdin = io.stdinIsTerminal ? '' : await certificateFromStdin(io);
  if (fromStdin !== '') {
    return {
      certificate: checkedCertificate(fromStdin, 'the certificate on standard input'),
      source: 'standard input',
    };
  }
  if (decoded.appId === DEMO_CREDENTIALS.appId) {
    io.stderr(
      `tokenfn: note: ${APP_CERTIFICATE_ENV} is not set and nothing came on standard input; ` +
        'the token is for the demo App ID, so it is checked against the demo certificate.\n',
    );
    return { certificate: DEMO_CREDENTIALS.appCertificate, source: 'the demo credentials' };
  }
  throw new UsageError(
    `no App Certificate to verify with: set ${APP_CERTIFICATE_ENV}, or pipe it on standard input ` +
      '(printf %s "$CERT" | tokenfn verify TOKEN); it is never accepted as an argument',
  );
}

async function certificateFromStdin(io: CliIo): Promise<string> {
  try {
    return (await io.readStdin()).trim();
  } catch (error) {
    if (error instanceof StdinTooLargeError) {
      throw new UsageError(`${error.message}: it should hold only the App Certificate (32 hex characters)`);
    }
    throw error;
  }
}

function signatureReason(decoded: DecodedToken, io: CliIo): string {
  const appId = envValue(io, APP_ID_ENV);
  if (appId !== undefined && appId !== decoded.appId) {
    return `the signature does not match: the token is for App ID ${safeText(decoded.appId)}, not ${APP_ID_ENV}`;
  }
  const what = decoded.version === '006' ? ', the channel or uid differ,' : '';
  return `the signature does not match this App Certificate (another certificate signed it${what} or the token was altered)`;
}

/**
 * With --channel/--uid on a 007 token: is there an RTC service for exactly that channel and user? With
 * --user-id: is there a service (RTM, RTM2, Chat) for exactly that user id?
 */
function contextMismatch(decoded: Extract<DecodedToken, { version: '007' }>, context: Context | undefined) {
  if (context === undefined) return undefined;
  const services = decoded.services as unknown as Array<Record<string, unknown>>;
  if (context.userId !== undefined) return userMismatch(services, context.userId);
  const rtc = services.filter((s) => s.name === 'rtc');
  if (rtc.length === 0) return 'the token has no RTC service, so it is not for any channel';
  if (context.uid === undefined) {
    if (rtc.some((s) => s.channelName === context.channelName)) return undefined;
    return `the signature matches, but the token is for channel ${quotedValue(rtc[0]?.channelName)}, not ${quotedValue(context.channelName)}`;
  }
  const packedUid = context.uid === 0 ? '' : String(context.uid);
  const match = rtc.some((s) => s.channelName === context.channelName && String(s.uid ?? '') === packedUid);
  if (match) return undefined;
  const [first] = rtc;
  return (
    `the signature matches, but the token is for channel ${quotedValue(first?.channelName)} and ` +
    `uid ${quotedValue(first?.uid)}, not ${quotedValue(context.channelName)} and ${quotedValue(packedUid)}`
  );
}

function userMismatch(services: Array<Record<string, unknown>>, userId: string): string | undefined {
  const users = services.filter((s) => typeof s.userId === 'string' && s.name !== 'unknown');
  if (users.length === 0) return 'the token has no RTM, RTM2 or Chat service, so it is not for any user id';
  if (users.some((s) => s.userId === userId)) return undefined;
  const [first] = users;
  return (
    `the signature matches, but the token is for user id ${quotedValue(first?.userId)} ` +
    `(${safeText(String(first?.name))}), not ${quotedValue(userId)}`
  );
}
