import type { AgoraCredentials } from './types.js';

/** Agora caps token and privilege lifetimes at 24 hours. */
export const MAX_EXPIRE_SECONDS = 86400;

/**
 * Agora's published test App ID and certificate (from the official builders' tests). Tokens made with
 * them are useful for demos and tests only: never use them in production.
 */
export const DEMO_CREDENTIALS: AgoraCredentials = Object.freeze({
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
});

/** Salts are random in [1, SALT_MAX], as in the official builders. */
export const SALT_MAX = 99999999;

/**
 * The most a token's payload may inflate to in the tools that show tokens handed to them (the HTTP inspect
 * route, `tokenfn decode`, `tokenfn explain`) unless told otherwise: real tokens inflate to under 2 KiB,
 * and a few hundred characters of zlib can inflate to the library's own limit (MAX_INFLATED_BYTES, 1 MiB).
 */
export const INSPECT_MAX_INFLATED_BYTES = 16 * 1024;

/** Longest token string accepted (real ones are under 2 KB). */
export const MAX_TOKEN_LENGTH = 64 * 1024;
