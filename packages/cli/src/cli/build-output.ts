import { type AgoraCredentials, type BuildOptions, TokenInputError } from '@tokenfn/core';
import { booleanOption, stringOption } from './args';
import { noteIfDemo, resolveCredentials } from './credentials';
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

/** --json, --quiet and --app of the building commands. */
export function outputOptions(values: Record<string, string | boolean | undefined>): {
  json: boolean;
  quiet: boolean;
  app?: string;
} {
  const app = stringOption(values, 'app');
  const out = { json: booleanOption(values, 'json'), quiet: booleanOption(values, 'quiet') };
  return app === undefined ? out : { ...out, app };
}

/**
 * What every building command does once its flags are parsed: resolves the credentials, builds with the
 * issue time now, notes the demo credentials on stderr (unless quiet), and prints the bare token on stdout (so
 * `$(tokenfn …)` works), or with `json` one object of the token, the app of AGORA_APPS that signed it (however
 * chosen), appId, `fields`, issuedAt and expiresAt.
 */
export function issueToken(
  io: CliIo,
  output: { json: boolean; quiet: boolean; app?: string },
  expiresIn: number,
  fields: Record<string, unknown>,
  build: (credentials: AgoraCredentials, options: BuildOptions) => string,
): void {
  const resolved = resolveCredentials(io, output.app);
  const { credentials } = resolved;
  const issuedAt = Math.floor(io.now() / 1000);
  const token = buildOrUsageError(() => build(credentials, { issueTs: issuedAt }));
  if (!output.quiet) noteIfDemo(io, resolved);
  const result = {
    token,
    ...(resolved.app === undefined ? {} : { app: resolved.app }),
    appId: credentials.appId,
    ...fields,
    issuedAt,
    expiresAt: issuedAt + expiresIn,
  };
  io.stdout(output.json ? `${JSON.stringify(result, null, 2)}\n` : `${token}\n`);
}
