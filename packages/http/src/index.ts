// @tokenfn/http — the tokenfn HTTP application on its plain-data exchange, with the fetch adapter.

export * from './adapter.js';
export type { AppRequestContext, CreateAppOptions, RateLimiter, TokenfnApp } from './app.js';
export { createApp } from './app.js';
export type { AppAsk, ChosenApp } from './apps.js';
export { chooseApp } from './apps.js';
export { apiKeyProblem, MAX_API_KEY_LENGTH, MIN_API_KEY_LENGTH } from './auth/api-key.js';
export type { ApiKeyScope, AppConfig, AuthMode, JwtConfig, PolicyConfig } from './config.js';
export { ASYMMETRIC_ALGORITHMS, ConfigError, loadConfig, MAX_BODY_BYTES } from './config.js';
export type {
  AgoraApps,
  AppCredentials,
  CachedCredentialsOptions,
  CredentialSource,
  CredentialsErrorCode,
  LoadedCredentials,
} from './credentials.js';
export {
  APP_NAME,
  appsOf,
  CredentialsUnavailableError,
  cachedCredentials,
  checkCredentials,
  parseSecretString,
  SINGLE_APP_NAME,
  staticCredentials,
} from './credentials.js';
export type { HttpExchangeRequest, HttpExchangeResponse } from './exchange.js';
export type { FetchExchangeOptions } from './fetch.js';
export { exchangeFromRequest, responseFromExchange } from './fetch.js';
export type { GatewayIdentity, Identity } from './identity.js';
export type { LogFigure } from './log-figures.js';
export { figureLabel, logFigures, OTHER_LABEL } from './log-figures.js';
export type { LogEntry, Logger, LogLevel } from './logger.js';
export { formatLogLine, jsonLogger, silentLogger } from './logger.js';
export { isLoopbackHost, isLoopbackHostHeader } from './loopback.js';
export { buildOpenApiDocument } from './openapi.js';
export type { ClaimGrants, DenialReason } from './policy.js';
export { appAllowed, claimBoolean, claimGrants, PolicyDenial, productAllowed } from './policy.js';
export type { FieldError } from './problem.js';
export { HttpProblem, problemResponse, problems } from './problem.js';
export type { Product } from './products.js';
export { DEFAULT_PRODUCTS, PRODUCTS } from './products.js';
export { logMethod, requestIdFor } from './request-id.js';
