// What every platform adapter decides the same way, in one place: building the app once from the
// configuration names, refusing a configuration it cannot serve (a 500 problem at each request and a log
// line naming the variable), credentials held in variables or secret bindings, and how a failing
// credential store is reported. The adapters keep only what is their platform's.
import { isHex32 } from '@tokenfn/core';
import type { RateLimiter, TokenfnApp } from './app.js';
import { createApp } from './app.js';
import type { AppConfig } from './config.js';
import { ConfigError, loadConfig, MAX_BODY_BYTES } from './config.js';
import type { CredentialSource, LoadedCredentials } from './credentials.js';
import { CredentialsUnavailableError, cachedCredentials, parseSecretString } from './credentials.js';
import { exchangeFromRequest, type FetchExchangeOptions, responseFromExchange } from './fetch.js';
import type { Logger } from './logger.js';
import { HttpProblem, problemResponse, problems } from './problem.js';
import { requestIdFor } from './request-id.js';

export interface AppFromEnvOptions {
  /** Configuration by the documented variable names (environment variables, Worker vars). */
  env: Record<string, string | undefined>;
  /** The local server bound to loopback: AUTH_MODE defaults to `none` (see loadConfig). */
  localLoopback?: boolean;
  /**
   * The configuration the adapter already loaded from `env` with loadConfig (the local server does, to
   * refuse a bad one before it listens); then `env` is not parsed a second time.
   */
  config?: AppConfig;
  /** The platform's credential source; wrapped in cachedCredentials with the configured windows. May throw ConfigError. */
  credentials: (config: AppConfig) => CredentialSource;
  logger: Logger;
  /** Refuses a configuration this platform cannot serve by throwing ConfigError (e.g. AUTH_MODE=gateway on Workers). */
  check?: (config: AppConfig) => void;
  /** The platform's rate limiter, if any. May throw ConfigError. */
  rateLimiter?: (config: AppConfig) => RateLimiter | undefined;
  /** Start loading the credentials now rather than at the first request that needs them (Lambda's init phase). */
  loadCredentialsNow?: boolean;
  /** ms since the epoch, for the app and the credential cache; default Date.now */
  clock?: () => number;
  /**
   * A monotonic clock in ms for each request's latency; default performance.now. On Node the first
   * `performance` use loads perf_hooks (a few ms of a Lambda cold start): Lambda passes process.hrtime.
   */
  timer?: () => number;
  salt?: () => number;
  /** fetch for the JWKS */
  fetch?: typeof fetch;
  /** The runtime frames every request body by its Content-Length (see FetchExchangeOptions): app.fetch reads such a body in one call. */
  framedBodies?: boolean;
}

/**
 * Builds the app once from `env`. A configuration that cannot be served (ConfigError, or anything else
 * thrown while building) is logged once, `{"message":"configuration invalid","code":"ERR_CONFIG",
 * "variable","reason"}`, and the returned app answers every request with a 500 problem
 * `ERR_CONFIGURATION` that says nothing about internals. A built app never lets an error escape fetch:
 * the last resort is a 500 `ERR_INTERNAL` problem.
 */
export function createAppFromEnv(o: AppFromEnvOptions): TokenfnApp {
  const { logger } = o;
  let app: TokenfnApp;
  try {
    const config = o.config ?? loadConfig(o.env, { localLoopback: o.localLoopback === true });
    o.check?.(config);
    const credentials = cachedCredentials(o.credentials(config), {
      cacheSeconds: config.secretCacheSeconds,
      maxStaleSeconds: config.secretMaxStaleSeconds,
      ...(o.clock ? { now: o.clock } : {}),
      logger,
    });
    const rateLimiter = o.rateLimiter?.(config);
    app = createApp({
      config,
      credentials,
      logger,
      ...(rateLimiter ? { rateLimiter } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.timer ? { timer: o.timer } : {}),
      ...(o.salt ? { salt: o.salt } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
    // A failure is logged by the cache (and the source) and retried at the first request that needs it.
    if (o.loadCredentialsNow) credentials.get().catch(() => {});
    logger.info({
      message: 'app initialised',
      authMode: config.authMode,
      rateLimit: rateLimiter !== undefined,
    });
  } catch (error) {
    const reason = reasonOf(error);
    logger.error({
      message: 'configuration invalid',
      code: 'ERR_CONFIG',
      ...(error instanceof ConfigError ? { variable: error.variable } : {}),
      reason,
    });
    return misconfiguredApp(logger, reason);
  }
  return wrap(logger, (exchange, ctx) => app.handle(exchange, ctx), {
    framedBodies: o.framedBodies === true,
  });
}

/** The app's handle with a last resort: an error that escapes it is a logged 500 problem, never a rejection. */
function wrap(logger: Logger, handle: TokenfnApp['handle'], bodies: FetchExchangeOptions = {}): TokenfnApp {
  const safe: TokenfnApp['handle'] = async (exchange, ctx) => {
    try {
      return await handle(exchange, ctx);
    } catch (error) {
      logger.error({ message: 'unhandled error', error: safeName(error) });
      const response = problemResponse(problems.internal());
      response.headers['X-Request-Id'] = requestIdFor(exchange.headers);
      return response;
    }
  };
  return {
    handle: safe,
    fetch: async (request, ctx) =>
      responseFromExchange(
        await safe(await exchangeFromRequest(request, MAX_BODY_BYTES, bodies), ctx),
        request.method,
      ),
  };
}

/**
 * A `check` for `createAppFromEnv` on a platform with no gateway that verifies identities in front of the
 * function (everywhere but API Gateway): `AUTH_MODE=gateway` would answer every request 401, so it is
 * refused as a configuration error naming AUTH_MODE and what to use instead.
 *
 * @example
 * createAppFromEnv({ env, logger, credentials, check: refuseGatewayOn('Deno Deploy') });
 */
export function refuseGatewayOn(platform: string): (config: AppConfig) => void {
  return (config) => {
    if (config.authMode === 'gateway') {
      throw new ConfigError(
        'AUTH_MODE',
        `gateway is not supported on ${platform}: no API Gateway authorizer verifies requests in front of it. ` +
          'Use AUTH_MODE=jwt (JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE) or AUTH_MODE=api-key (API_KEY_HASHES).',
      );
    }
  };
}

/** Only a ConfigError's message (it names the variable and never a secret); of anything else, its class name. */
function reasonOf(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  return `unexpected ${safeName(error)} while building the app`;
}

function misconfiguredApp(logger: Logger, reason: string): TokenfnApp {
  return wrap(logger, async (exchange) => {
    const response = problemResponse(
      new HttpProblem(500, {
        code: 'ERR_CONFIGURATION',
        detail: 'The service is not configured correctly; its logs say what to fix.',
      }),
    );
    const requestId = requestIdFor(exchange.headers);
    response.headers['X-Request-Id'] = requestId;
    logger.error({
      message: 'request refused: configuration invalid',
      requestId,
      status: 500,
      code: 'ERR_CONFIGURATION',
      reason,
    });
    return response;
  });
}

/** A credential as a platform holds it: a string (environment variable, Worker secret) or a secret binding with `get()`. */
export type CredentialVariable = string | { get(): Promise<string> };

export type CredentialVariableName =
  | 'AGORA_APP_ID'
  | 'AGORA_APP_CERTIFICATE'
  | 'AGORA_PREVIOUS_APP_CERTIFICATE'
  | 'AGORA_APPS';

/** The form the credential variables take: AGORA_APPS (several apps), the AGORA_APP_ID pair, or neither. */
export type CredentialVariablesForm = 'apps' | 'pair' | 'none';

/**
 * Which form of credential variables is set, `isSet` telling for each name: AGORA_APPS, or AGORA_APP_ID
 * with AGORA_APP_CERTIFICATE, or neither. Both forms at once, or half of the pair, is a ConfigError naming
 * the variable to fix. The one rule for the service (variableCredentials), the local server and the CLI.
 */
export function credentialVariablesForm(
  isSet: (name: CredentialVariableName) => boolean,
): CredentialVariablesForm {
  const id = isSet('AGORA_APP_ID');
  const certificate = isSet('AGORA_APP_CERTIFICATE');
  if (isSet('AGORA_APPS')) {
    if (id || certificate) {
      throw new ConfigError(
        'AGORA_APPS',
        'is set, and so is AGORA_APP_ID/AGORA_APP_CERTIFICATE: set one form only',
      );
    }
    return 'apps';
  }
  if (!id && !certificate) return 'none';
  if (!id) throw new ConfigError('AGORA_APP_ID', 'is not set, but AGORA_APP_CERTIFICATE is: set both');
  if (!certificate)
    throw new ConfigError('AGORA_APP_CERTIFICATE', 'is not set, but AGORA_APP_ID is: set both');
  return 'pair';
}

export interface VariableCredentialsOptions {
  /** Per variable, what the operator should do when it is not set (ends the log line). */
  howToSet?: Partial<Record<CredentialVariableName, string>>;
  /**
   * How long one secret binding's `get()` may take, in ms; past this it fails like an unreadable store
   * (a TimeoutError). Every request waiting for credentials waits on the same read, so a read that never
   * settles would hold them all. Default: no bound.
   */
  secretReadTimeoutMs?: number;
}

/**
 * Credentials from variables, each a string or a secret binding read with `await get()`, read at every
 * get() (cache it with cachedCredentials). Values are trimmed. Either form:
 * - one app: `AGORA_APP_ID` and `AGORA_APP_CERTIFICATE`, with `AGORA_PREVIOUS_APP_CERTIFICATE` while a
 *   certificate is being rotated out;
 * - several apps: `AGORA_APPS`, the JSON document a Secrets Manager secret holds
 *   (`{"apps": {"prod": {"appId", "appCertificate", "previousAppCertificate"?}, …}}`).
 * A variable not set is ERR_CREDENTIALS_UNAVAILABLE, one that is malformed ERR_CREDENTIALS_MALFORMED, a
 * binding whose get() fails ERR_CREDENTIALS_UNAVAILABLE: each message names the variable, never a value.
 */
export function variableCredentials(
  env: Readonly<Record<string, unknown>>,
  o: VariableCredentialsOptions = {},
): CredentialSource {
  const raw = async (name: CredentialVariableName): Promise<string | undefined> => {
    let value = env[name];
    if (isSecretBinding(value)) {
      try {
        value = await withTimeout(value.get(), o.secretReadTimeoutMs);
      } catch (error) {
        throw credentialStoreFailure(`${name}: reading the secret from its store`, error);
      }
    }
    const text = typeof value === 'string' ? value.trim() : value;
    return text === undefined || text === null || text === '' ? undefined : String(text);
  };
  const notSet = (name: CredentialVariableName) => {
    const how = o.howToSet?.[name];
    return new CredentialsUnavailableError(
      'ERR_CREDENTIALS_UNAVAILABLE',
      `${name} is not set${how ? `: ${how}` : ''}.`,
    );
  };
  const hex = async (name: CredentialVariableName, required: boolean): Promise<string | undefined> => {
    const text = await raw(name);
    if (text === undefined) {
      if (required) throw notSet(name);
      return undefined;
    }
    if (!isHex32(text)) {
      throw new CredentialsUnavailableError(
        'ERR_CREDENTIALS_MALFORMED',
        `${name} is malformed: it must be 32 hexadecimal characters.`,
      );
    }
    return text;
  };
  return {
    async get(): Promise<LoadedCredentials> {
      let form: CredentialVariablesForm;
      try {
        form = credentialVariablesForm((name) => {
          const value = env[name];
          return isSecretBinding(value) || (typeof value === 'string' && value.trim() !== '');
        });
      } catch (error) {
        const e = error as ConfigError;
        // half of the pair: the missing one is not set; both forms: neither can be read as meant
        if (e.variable !== 'AGORA_APPS') throw notSet(e.variable as CredentialVariableName);
        throw new CredentialsUnavailableError('ERR_CREDENTIALS_MALFORMED', `${e.message}.`);
      }
      if (form === 'apps') {
        const doc = await raw('AGORA_APPS');
        if (doc === undefined) throw notSet('AGORA_APPS');
        try {
          return parseSecretString(doc);
        } catch (error) {
          throw new CredentialsUnavailableError(
            'ERR_CREDENTIALS_MALFORMED',
            `AGORA_APPS is malformed: ${(error as Error).message}`,
          );
        }
      }
      const appId = (await hex('AGORA_APP_ID', true)) as string;
      const appCertificate = (await hex('AGORA_APP_CERTIFICATE', true)) as string;
      const previous = await hex('AGORA_PREVIOUS_APP_CERTIFICATE', false);
      return previous === undefined
        ? { appId, appCertificate }
        : { appId, appCertificate, previousAppCertificate: previous };
    },
  };
}

/** `read`, rejecting with a TimeoutError when it has not settled within `ms` (none given: no bound). */
function withTimeout<T>(read: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return read;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  });
  return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
}

function isSecretBinding(v: unknown): v is { get(): Promise<unknown> } {
  return typeof v === 'object' && v !== null && typeof (v as { get?: unknown }).get === 'function';
}

/**
 * A credential store's failure as ERR_CREDENTIALS_UNAVAILABLE: `<what> failed (<ErrorName>).` Only the
 * error's class name is kept in the message (a store's own message may quote a secret or an ARN); the
 * error itself is the cause.
 */
export function credentialStoreFailure(what: string, error: unknown): CredentialsUnavailableError {
  return new CredentialsUnavailableError(
    'ERR_CREDENTIALS_UNAVAILABLE',
    `${what} failed (${safeName(error)}).`,
    {
      cause: error,
    },
  );
}

function safeName(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  return name.replace(/[^A-Za-z0-9_.-]/g, '') || 'Error';
}
