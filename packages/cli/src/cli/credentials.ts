import {
  type AgoraCredentials,
  DEMO_CREDENTIALS,
  TokenInputError,
  validateAppCertificate,
  validateAppId,
} from '@tokenfn/core';
import {
  type AppCredentials,
  appsOf,
  ConfigError,
  type CredentialVariablesForm,
  credentialVariablesForm,
  parseSecretString,
} from '@tokenfn/http';
import { UsageError } from './errors';
import type { CliIo } from './io';

export const APP_ID_ENV = 'AGORA_APP_ID';
export const APP_CERTIFICATE_ENV = 'AGORA_APP_CERTIFICATE';
export const PREVIOUS_CERTIFICATE_ENV = 'AGORA_PREVIOUS_APP_CERTIFICATE';
export const APPS_ENV = 'AGORA_APPS';
export const DEFAULT_APP_ENV = 'AGORA_DEFAULT_APP';

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
  /** The app of AGORA_APPS signing: the one --app names, AGORA_DEFAULT_APP or the only one. */
  app?: string;
}

/**
 * The credentials to sign with: AGORA_APPS, or both AGORA_APP_ID and AGORA_APP_CERTIFICATE, or neither
 * (the demo credentials). Only one of the pair, or both forms, is a usage error rather than a silent choice.
 */
export function resolveCredentials(io: CliIo, app?: string): ResolvedCredentials {
  const form = credentialForm(io);
  if (form === 'apps') return { ...fromApps(io, app), demo: false };
  if (app !== undefined) {
    throw new UsageError(`--app needs ${APPS_ENV} (several apps, as the service's secret holds them)`);
  }
  if (form === 'none') return { credentials: DEMO_CREDENTIALS, demo: true };
  const appId = envValue(io, APP_ID_ENV)!;
  const appCertificate = envValue(io, APP_CERTIFICATE_ENV)!;
  const credentials = {
    appId: checkedAppId(appId),
    appCertificate: checkedCertificate(appCertificate, APP_CERTIFICATE_ENV),
  };
  return { credentials, demo: false };
}

/** The service's rule for which credential variables are set, its ConfigError a usage error here. */
function credentialForm(io: CliIo): CredentialVariablesForm {
  try {
    return credentialVariablesForm((name) => envValue(io, name) !== undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const hint = error.variable === APPS_ENV ? '' : ' (or neither, to use the demo credentials)';
    throw new UsageError(`${error.message}${hint}`);
  }
}

/** The note on stderr that a token was made with the demo credentials. */
export function noteIfDemo(io: CliIo, resolved: ResolvedCredentials): void {
  if (resolved.demo) io.stderr(DEMO_NOTE);
}

function checkedAppId(appId: string): string {
  try {
    return validateAppId(appId, APP_ID_ENV);
  } catch (error) {
    if (error instanceof TokenInputError) {
      // `AGORA_APP_ID: must be …`, as the other variables' messages: the library's starts with the name.
      const message = error.message.replace(new RegExp(`^${APP_ID_ENV} `), '');
      throw new UsageError(`${APP_ID_ENV}: ${message}`);
    }
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

/** The apps of AGORA_APPS, or undefined when it is not set. Messages never quote a value. */
export function appsFromEnv(io: CliIo): Record<string, AppCredentials> | undefined {
  const document = envValue(io, APPS_ENV);
  if (document === undefined) return undefined;
  try {
    return appsOf(parseSecretString(document));
  } catch (error) {
    throw new UsageError(`${APPS_ENV} is malformed: ${(error as Error).message}`);
  }
}

/** The name of the app of `apps` whose App ID is `appId` (compared without case), if there is one. */
export function appWithAppId(apps: Record<string, AppCredentials>, appId: string): string | undefined {
  return Object.keys(apps).find((n) => apps[n]!.appId.toLowerCase() === appId.toLowerCase());
}

/** What the environment has to check a token with; `source` says where the certificate came from. */
export interface CheckingCredentials {
  appId?: string;
  appCertificate?: string;
  source: string;
}

/**
 * The App ID and certificate to check a token made for `tokenAppId` with: the app of AGORA_APPS with that
 * App ID (none when no app has it), else AGORA_APP_ID and AGORA_APP_CERTIFICATE as set, the demo certificate
 * standing in for a missing AGORA_APP_CERTIFICATE when the token is for the demo App ID. A malformed
 * AGORA_APPS is a UsageError.
 */
export function credentialsToCheck(
  io: CliIo,
  tokenAppId: string | undefined,
): CheckingCredentials | undefined {
  const apps = appsFromEnv(io);
  if (apps !== undefined) {
    const name = tokenAppId === undefined ? undefined : appWithAppId(apps, tokenAppId);
    if (name === undefined) return undefined;
    const { appId, appCertificate } = apps[name]!;
    return { appId, appCertificate, source: `the certificate of app ${name} (${APPS_ENV})` };
  }
  const appId = envValue(io, APP_ID_ENV)?.trim() || undefined;
  const appCertificate = envValue(io, APP_CERTIFICATE_ENV)?.trim() || undefined;
  if (appCertificate === undefined && tokenAppId === DEMO_CREDENTIALS.appId) {
    return {
      appId: appId ?? DEMO_CREDENTIALS.appId,
      appCertificate: DEMO_CREDENTIALS.appCertificate,
      source: 'the demo certificate',
    };
  }
  if (appId === undefined && appCertificate === undefined) return undefined;
  return {
    ...(appId ? { appId } : {}),
    ...(appCertificate ? { appCertificate } : {}),
    source: APP_CERTIFICATE_ENV,
  };
}

/** The app of `apps` named `name`, or a UsageError listing the names there are. */
export function namedApp(apps: Record<string, AppCredentials>, name: string): AppCredentials {
  if (Object.hasOwn(apps, name)) return apps[name]!;
  throw new UsageError(
    `no app named ${JSON.stringify(name.slice(0, 64))} in ${APPS_ENV} (${Object.keys(apps).join(', ')})`,
  );
}

/**
 * One app of AGORA_APPS (`{"apps": {"prod": {"appId", "appCertificate"}, …}}`, the service's document):
 * the one `--app` names, else AGORA_DEFAULT_APP, else the only one.
 */
function fromApps(io: CliIo, app: string | undefined): { credentials: AgoraCredentials; app: string } {
  const apps = appsFromEnv(io)!;
  const names = Object.keys(apps);
  const name = app ?? envValue(io, DEFAULT_APP_ENV) ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new UsageError(`${APPS_ENV} holds several apps (${names.join(', ')}): choose one with --app NAME`);
  }
  const chosen = namedApp(apps, name);
  return { credentials: { appId: chosen.appId, appCertificate: chosen.appCertificate }, app: name };
}
