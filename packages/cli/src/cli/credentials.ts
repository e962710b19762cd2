import {
  type AgoraCredentials,
  DEMO_CREDENTIALS,
  TokenInputError,
  validateAppCertificate,
  validateAppId,
} from '@tokenfn/core';
import { UsageError } from './errors';
import type { CliIo } from './io';

export const APP_ID_ENV = 'AGORA_APP_ID';
export const APP_CERTIFICATE_ENV = 'AGORA_APP_CERTIFICATE';

export const DEMO_NOTE =
  `tokenfn: note: ${APP_ID_ENV} and ${APP_CERTIFICATE_ENV} are not set, so this uses the demo App ID ` +
  `${DEMO_CREDENTIALS.appId} and its public certificate (Agora's published test values). ` +
  'Tokens made with them are for trying tokenfn out, never for production.\n';

/** Reads an environment variable; an empty value counts as not set. */
export function envValue(io: CliIo, name: string): string | undefined {
  const value = io.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export interface ResolvedCredentials {
  credentials: AgoraCredentials;
  /** True when neither variable is set: say so on stderr once the token is made (see noteIfDemo). */
  demo: boolean;
}

/**
 * The credentials to sign with: both variables, or neither (the demo credentials).
 * Only one of them set is a usage error rather than a silent fallback to the demo.
 */
export function resolveCredentials(io: CliIo): ResolvedCredentials {
  const appId = envValue(io, APP_ID_ENV);
  const appCertificate = envValue(io, APP_CERTIFICATE_ENV);
  if (appId === undefined && appCertificate === undefined) {
    return { credentials: DEMO_CREDENTIALS, demo: true };
  }
  if (appId === undefined || appCertificate === undefined) {
    const [set, missing] =
      appId === undefined ? [APP_CERTIFICATE_ENV, APP_ID_ENV] : [APP_ID_ENV, APP_CERTIFICATE_ENV];
    throw new UsageError(
      `${set} is set but ${missing} is not: set both (or neither, to use the demo credentials)`,
    );
  }
  const credentials = {
    appId: checkedAppId(appId),
    appCertificate: checkedCertificate(appCertificate, APP_CERTIFICATE_ENV),
  };
  return { credentials, demo: false };
}

/** The note on stderr that a token was made with the demo credentials. */
export function noteIfDemo(io: CliIo, resolved: ResolvedCredentials): void {
  if (resolved.demo) io.stderr(DEMO_NOTE);
}

function checkedAppId(appId: string): string {
  try {
    return validateAppId(appId, APP_ID_ENV);
  } catch (error) {
    if (error instanceof TokenInputError) throw new UsageError(`${APP_ID_ENV}: ${error.message}`);
    throw error;
  }
}

/** Validates a certificate without ever putting it (or the library's message about it) in an error. */
export function checkedCertificate(certificate: string, source: string): string {
  try {
    return validateAppCertificate(certificate, source);
  } catch (error) {
    if (error instanceof TokenInputError) {
      throw new UsageError(
        `${source} is not an App Certificate: it must be exactly 32 hexadecimal characters`,
      );
    }
    throw error;
  }
}
