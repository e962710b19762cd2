// POST /v1/tokens/inspect: a token decoded, its signature checked against the app's certificates (the
// current one, and the previous one while a rotation is under way).
import type { DecodedToken } from '@tokenfn/core';
import { decodeToken, INSPECT_MAX_INFLATED_BYTES, tokenExpiresAt, verifyToken } from '@tokenfn/core';
import type { AppAsk } from '../apps.js';
import { defaultAppName } from '../apps.js';
import type { PolicyConfig } from '../config.js';
import type { AppCredentials, LoadedCredentials } from '../credentials.js';
import { appsOf } from '../credentials.js';
import type { Identity } from '../identity.js';
import { appAllowed } from '../policy.js';
import { problems } from '../problem.js';

/** The largest inspect answer, in bytes of JSON; a token that would decode to more is refused. */
export const INSPECT_MAX_ANSWER_BYTES = 64 * 1024;

export interface InspectAsk {
  token: string;
  channel?: string;
  uid?: number | string;
}

/**
 * The app to inspect a token against when the request names none: the app the token's App ID belongs to,
 * if the identity may use it; otherwise nothing (the default app).
 */
export function inspectPick(
  token: string,
  loaded: LoadedCredentials,
  identity: Identity,
  policy: PolicyConfig,
): AppAsk {
  let appId: string;
  try {
    appId = decodeToken(token, { maxInflatedBytes: INSPECT_MAX_INFLATED_BYTES }).appId;
  } catch {
    return {};
  }
  const apps = appsOf(loaded);
  const fallback = defaultAppName(apps, policy);
  const name = Object.keys(apps).find(
    (n) => apps[n]!.appId === appId && appAllowed(identity, policy, n, fallback),
  );
  return name === undefined ? {} : { app: name };
}

/** Which certificate a signature verifies with, or null when it verifies with neither. */
function matching(
  check: (certificate: string) => boolean,
  creds: AppCredentials,
): 'current' | 'previous' | null {
  if (check(creds.appCertificate)) return 'current';
  if (creds.previousAppCertificate !== undefined && check(creds.previousAppCertificate)) return 'previous';
  return null;
}

export function inspectToken(
  ask: InspectAsk,
  creds: AppCredentials,
  nowSeconds: number,
): Record<string, unknown> {
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(ask.token, { maxInflatedBytes: INSPECT_MAX_INFLATED_BYTES });
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'ERR_TOKEN_INVALID';
    if (code === 'ERR_TOKEN_TOO_LARGE') {
      throw problems.invalidFields([
        {
          path: 'token',
          message: `decodes to more than ${INSPECT_MAX_INFLATED_BYTES} bytes: no real token is this large`,
        },
      ]);
    }
    throw problems.invalidFields([
      { path: 'token', message: `is not a well-formed 006 or 007 token (${code})` },
    ]);
  }
  let signatureValid: boolean | null = null;
  let certificate: 'current' | 'previous' | null = null;
  if (decoded.version === '007') {
    certificate = matching((c) => verifyToken(ask.token, c), creds);
    signatureValid = certificate !== null;
  } else if (ask.channel !== undefined && ask.uid !== undefined) {
    const context = { channelName: ask.channel, uid: ask.uid };
    certificate = matching((c) => {
      try {
        return verifyToken(ask.token, c, context);
      } catch {
        return false;
      }
    }, creds);
    signatureValid = certificate !== null;
  }
  const exp = tokenExpiresAt(decoded);
  const out: Record<string, unknown> = {
    ...decoded,
    appIdMatches: decoded.appId === creds.appId,
    signatureValid:
      signatureValid === true && decoded.appId === creds.appId
        ? true
        : signatureValid === null
          ? null
          : false,
    expired: exp !== undefined && nowSeconds >= exp,
  };
  // Which of the app's certificates signed it: `previous` means it was issued before the rotation.
  if (signatureValid !== null) out['certificate'] = decoded.appId === creds.appId ? certificate : null;
  if (exp !== undefined) out['expiresAt'] = exp;
  if (signatureValid === null) {
    out['signatureNote'] =
      'a 006 token signs its channel and uid only as CRC-32: give channel and uid to check it';
  }
  if (new TextEncoder().encode(JSON.stringify(out)).byteLength > INSPECT_MAX_ANSWER_BYTES) {
    throw problems.invalidFields([
      {
        path: 'token',
        message: `decodes to more than ${INSPECT_MAX_ANSWER_BYTES} bytes of JSON: no real token is this large`,
      },
    ]);
  }
  return out;
}
