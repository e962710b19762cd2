// POST /v1/tokens/inspect: a token decoded, its signature checked against this deployment's certificate.
import type { AgoraCredentials, DecodedToken } from '@tokenfn/core';
import { decodeToken, verifyToken } from '@tokenfn/core';
import { problems } from '../problem.js';

export interface InspectAsk {
  token: string;
  channel?: string;
  uid?: number | string;
}

/** When the token stops granting access (unix s): 007 issueTs + expire; 006 its join / RTM-login privilege. */
function expiresAt(d: DecodedToken): number | undefined {
  if (d.version === '007') return d.issueTs + d.expire;
  const p = d.privileges;
  const main = p[1] || p[1000];
  if (main) return main;
  const all = Object.values(p).filter((x) => x > 0);
  return all.length > 0 ? Math.max(...all) : undefined;
}

export function inspectToken(
  ask: InspectAsk,
  creds: AgoraCredentials,
  nowSeconds: number,
): Record<string, unknown> {
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(ask.token);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'ERR_TOKEN_INVALID';
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
  const exp = expiresAt(decoded);
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
  return out;
}
