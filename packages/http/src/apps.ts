// Which of the deployment's Agora apps a request uses: the one it names (`app`, or `appId`), else the
// default app, and only one the identity is granted (policy's appAllowed).

import type { PolicyConfig } from './config.js';
import type { AppCredentials, LoadedCredentials } from './credentials.js';
import { appsOf, CredentialsUnavailableError } from './credentials.js';
import type { Identity } from './identity.js';
import { anyAppAllowed, appAllowed, appNotAllowed, checkApp } from './policy.js';
import { problems } from './problem.js';

/** What a request may say about its app. */
export interface AppAsk {
  app?: string;
  appId?: string;
}

export interface ChosenApp {
  /** the app's name: what the answer's `app` and the log line's `app` say (never its certificate) */
  name: string;
  credentials: AppCredentials;
}

/**
 * The default app: AGORA_DEFAULT_APP, else the only app. A default that names no app of the credentials
 * is a malformed deployment (503), not the caller's fault.
 */
export function defaultAppName(
  apps: Readonly<Record<string, AppCredentials>>,
  policy: PolicyConfig,
): string | undefined {
  if (policy.defaultApp !== undefined) {
    if (!Object.hasOwn(apps, policy.defaultApp)) {
      throw new CredentialsUnavailableError(
        'ERR_CREDENTIALS_MALFORMED',
        'AGORA_DEFAULT_APP names no app of the credentials.',
      );
    }
    return policy.defaultApp;
  }
  const names = Object.keys(apps);
  return names.length === 1 ? names[0] : undefined;
}

/**
 * Chooses the app for a request. The grant is checked before whether the app exists, so an identity
 * learns nothing about the apps it may not use: a name it is not granted is a 403 whether or not the
 * deployment has it; a granted name the deployment lacks is a 400.
 */
export function chooseApp(
  loaded: LoadedCredentials,
  ask: AppAsk,
  identity: Identity,
  policy: PolicyConfig,
): ChosenApp {
  const apps = appsOf(loaded);
  const fallback = defaultAppName(apps, policy);
  let name = ask.app;
  if (ask.appId !== undefined) {
    const byId = Object.keys(apps).find((n) => apps[n]!.appId.toLowerCase() === ask.appId!.toLowerCase());
    if (name !== undefined) {
      if (byId !== name) {
        if (appAllowed(identity, policy, name, fallback) && Object.hasOwn(apps, name)) {
          throw problems.invalidFields([
            { path: 'appId', message: 'is not the App ID of the app named by app' },
          ]);
        }
        checkApp(identity, policy, name, fallback);
      }
    } else if (byId === undefined) {
      // An App ID of no app here: refused as not granted unless the identity may use every app (`*`), so
      // that no other grant, glob or not, can tell an unknown App ID from one it may not use.
      if (!anyAppAllowed(identity, policy)) appNotAllowed(policy);
      throw problems.invalidFields([
        { path: 'appId', message: 'is not the App ID of an app of this deployment' },
      ]);
    } else {
      name = byId;
    }
  }
  if (name === undefined) {
    if (fallback === undefined) {
      throw problems.invalidFields([
        { path: 'app', message: 'is required: this deployment serves several Agora apps and has no default' },
      ]);
    }
    name = fallback;
  }
  checkApp(identity, policy, name, fallback);
  if (!Object.hasOwn(apps, name)) {
    throw problems.invalidFields([{ path: 'app', message: 'names no app of this deployment' }]);
  }
  return { name, credentials: apps[name]! };
}
