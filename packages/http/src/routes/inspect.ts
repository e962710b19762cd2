// POST /v1/tokens/inspect: a token decoded, its signature checked against this deployment's certificate.
import type { AgoraCredentials, DecodedToken } from '@tokenfn/core';
import { decodeToken, INSPECT_MAX_INFLATED_BYTES, tokenExpiresAt, verifyToken } from '@tokenfn/core';
import { problems } from '../problem.js';

/** The largest inspect answer, in bytes of JSON; a token that would decode to more is refused. */
export const INSPECT_MAX_ANSWER_BYTES = 64 * 1024;

export interface InspectAsk {
  token: string;
  channel?: string;
  uid?: number | string;
}

export function inspectToken(
  ask: InspectAsk,
  creds: AgoraCredentials,
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
  if (decoded.version === '007') {
    signatureValid = verifyToken(ask.token, creds.appCertificate);
  } else if (ask.channel !== undefined && ask.uid !== undefined) {
    try {
      signatureValid = verifyToken(ask.token, creds.appCertificate, {
        channelName: ask.channel,
        uid: ask.uid,
      });
    } catch {
      signatureValid = false;
    }
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
