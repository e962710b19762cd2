import { TokenInputError } from '../index';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** The library's field names, as the flags a CLI user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  channel: '--channel',
  channelName: '--channel',
  uid: '--uid',
  account: '--account',
  role: '--role',
  expiresIn: '--expires-in',
  expire: '--expires-in',
  userId: '--user-id',
  rtmUserId: '--rtm-user-id',
  appId: 'AGORA_APP_ID',
};

/**
 * Runs a token builder; a TokenInputError becomes a usage error naming the flag. A complaint about the
 * certificate is replaced by a fixed message so nothing about its value can leak.
 */
export function buildOrUsageError(build: () => string): string {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof TokenInputError)) throw error;
    if (/cert/i.test(error.field)) {
      throw new UsageError(
        'AGORA_APP_CERTIFICATE is not an App Certificate: it must be 32 hexadecimal characters',
      );
    }
    const flag = FLAG_OF_FIELD[error.field] ?? error.field;
    throw new UsageError(`${flag}: ${error.message}`);
  }
}

/** A built token: the bare token on stdout (so `$(tokenfn …)` works), or one JSON object with `--json`. */
export function writeBuiltToken(
  io: CliIo,
  json: boolean,
  result: { token: string } & Record<string, unknown>,
): void {
  io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : `${result.token}\n`);
}

export function nowInSeconds(io: CliIo): number {
  return Math.floor(io.now() / 1000);
}
