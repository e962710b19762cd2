import { hmacSha256 } from '#crypto';
import { constantTimeEqual } from './crypto/constant-time.js';
import { type Parsed006, type Parsed007, parseToken } from './decode.js';
import { utf8Encode } from './encoding/utf8.js';
import { TokenInputError } from './errors.js';
import { signInto } from './signing.js';
import { isHex32, validateAppCertificate, validateChannelName } from './validate.js';

/** What a 006 token does not carry itself (only their CRCs): the channel and uid it was built for. */
export interface VerifyContext006 {
  channelName: string;
  uid: number | string;
}

/**
 * True when the token's signature was made with `appCertificate` (constant-time comparison). Does not
 * look at expiry. Malformed tokens throw TokenFormatError; a bad certificate, or a 006 token without
 * `context`, throws TokenInputError.
 */
export function verifyToken(token: string, appCertificate: string, context?: VerifyContext006): boolean {
  validateAppCertificate(appCertificate);
  const parsed = parseToken(token);
  if (parsed.decoded.version === '007') {
    const p = parsed as Parsed007;
    // A token for an App ID that is not 32 hex characters was made for no Agora project: never valid.
    if (!isHex32(p.decoded.appId)) return false;
    const expected = new Uint8Array(32);
    const { issueTs, salt } = p.decoded;
    signInto(appCertificate, issueTs, salt, p.payload, p.signingInfoStart, p.payload.length, expected, 0);
    return constantTimeEqual(p.signature, expected);
  }
  const p = parsed as Parsed006;
  if (!context) {
    throw new TokenInputError(
      'ERR_CONTEXT_REQUIRED',
      'context',
      'verifying a 006 token needs { channelName, uid }: the token carries only their CRC-32',
    );
  }
  const { channelName, uid } = context;
  if (typeof channelName !== 'string') validateChannelName(channelName, 'context.channelName');
  if (typeof uid !== 'number' && typeof uid !== 'string') {
    throw new TokenInputError('ERR_INVALID_UID', 'context.uid', 'context.uid must be a number or a string');
  }
  const uidText = uid === 0 ? '' : String(uid);
  const head = utf8Encode(p.decoded.appId + channelName + uidText);
  const msg = new Uint8Array(head.length + p.message.length);
  msg.set(head);
  msg.set(p.message, head.length);
  const expected = hmacSha256(utf8Encode(appCertificate), msg);
  return constantTimeEqual(p.signature, expected);
}
