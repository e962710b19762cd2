// Builds an app for unit tests with a captured logger, a fixed clock and salt, and helpers to call it.

import { DEMO_CREDENTIALS } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import type { CreateAppOptions, CredentialSource, GatewayIdentity } from '../../src/index.js';
import { createApp, loadConfig, staticCredentials } from '../../src/index.js';

export const NOW_MS = 1_800_000_000_000;
export const NOW_S = NOW_MS / 1000;
export const CERT = DEMO_CREDENTIALS.appCertificate;
export const APP_ID = DEMO_CREDENTIALS.appId;

export interface Harness {
  logs: LogCapture;
  call(path: string, init?: RequestInit, gateway?: GatewayIdentity): Promise<Response>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
    gateway?: GatewayIdentity,
  ): Promise<Response>;
}

export function harness(
  env: Record<string, string>,
  o: Partial<Omit<CreateAppOptions, 'config'>> & { credentials?: CredentialSource; logs?: LogCapture } = {},
): Harness {
  const logs = o.logs ?? new LogCapture();
  const app = createApp({
    config: loadConfig(env),
    credentials: o.credentials ?? staticCredentials(DEMO_CREDENTIALS),
    logger: logs.logger,
    clock: o.clock ?? (() => NOW_MS),
    salt: o.salt ?? (() => 424242),
    ...(o.rateLimiter ? { rateLimiter: o.rateLimiter } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const call = (path: string, init: RequestInit = {}, gateway?: GatewayIdentity) =>
    app.fetch(
      new Request(`http://tokenfn.test${path}`, init),
      gateway ? { gatewayIdentity: gateway } : undefined,
    );
  return {
    logs,
    call,
    post: (path, body, headers = {}, gateway) =>
      call(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        },
        gateway,
      ),
  };
}

export const OPEN_ENV = { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' };
