// decodeToken for 007 and 006. Whatever the input, failures are TokenFormatError with a stable code.

import { MAX_TOKEN_LENGTH } from './constants.js';
import type { DecodedService, DecodedToken, DecodedToken006, DecodedToken007 } from './decoded-types.js';
import { base64Decode } from './encoding/base64.js';
import { ByteReader } from './encoding/bytes.js';
import { toHex } from './encoding/hex.js';
import { MAX_INFLATED_BYTES, zlibInflate } from './encoding/zlib.js';
import { TokenFormatError, TokenfnError } from './errors.js';
import type { Rtm2PermissionDetails } from './services/rtm2-permissions.js';
import type { PrivilegeMap } from './types.js';
import { isHex32 } from './validate.js';

export interface Parsed007 {
  decoded: DecodedToken007;
  signature: Uint8Array;
  payload: Uint8Array;
  signingInfoStart: number;
}

export interface Parsed006 {
  decoded: DecodedToken006;
  signature: Uint8Array;
  message: Uint8Array;
}

function readPrivileges(r: ByteReader): PrivilegeMap {
  const n = r.u16();
  const map: PrivilegeMap = {};
  for (let i = 0; i < n; i++) {
    const id = r.u16();
    map[id] = r.u32();
  }
  return map;
}

function readRtm2Permissions(r: ByteReader): Rtm2PermissionDetails {
  const details: Rtm2PermissionDetails = {};
  const resourceTypes = r.u16();
  for (let i = 0; i < resourceTypes; i++) {
    const rt = r.u16();
    const byPermission = details[rt] ?? {};
    const permissionTypes = r.u16();
    for (let j = 0; j < permissionTypes; j++) {
      const pt = r.u16();
      const count = r.u16();
      const resources: string[] = [];
      for (let k = 0; k < count; k++) resources.push(r.str());
      byPermission[pt] = resources;
    }
    details[rt] = byPermission;
  }
  return details;
}

/** Service types from here on (ConvoAI, STT, later ones) are unknown to several official parsers. */
const FIRST_NEWER_SERVICE = 9;

/** Reads one service after its type id; `undefined` for an unknown type (the caller stops there). */
function readService(type: number, r: ByteReader): DecodedService | undefined {
  switch (type) {
    case 1: {
      const privileges = readPrivileges(r);
      return { type, name: 'rtc', privileges, channelName: r.str(), uid: r.str() };
    }
    case 2: {
      const privileges = readPrivileges(r);
      return { type, name: 'rtm', privileges, userId: r.str() };
    }
    case 3: {
      const privileges = readPrivileges(r);
      return { type, name: 'streaming', privileges, channelName: r.str(), account: r.str() };
    }
    case 4:
      return { type, name: 'fpa', privileges: readPrivileges(r) };
    case 5: {
      const privileges = readPrivileges(r);
      return { type, name: 'chat', privileges, userId: r.str() };
    }
    case 6: {
      const privileges = readPrivileges(r);
      return { type, name: 'fcdn', privileges, channelName: r.str(), account: r.str() };
    }
    case 7: {
      const privileges = readPrivileges(r);
      return { type, name: 'apaas', privileges, roomUuid: r.str(), userUuid: r.str(), role: r.i16() };
    }
    case 8: {
      const privileges = readPrivileges(r);
      return { type, name: 'rtm2', privileges, userId: r.str(), permissions: readRtm2Permissions(r) };
    }
    case 9:
      return { type, name: 'convoai', privileges: readPrivileges(r) };
    case 10:
      return { type, name: 'stt', privileges: readPrivileges(r) };
    default:
      return undefined;
  }
}

function checkString(token: unknown): string {
  if (typeof token !== 'string')
    throw new TokenFormatError('ERR_TOKEN_NOT_STRING', 'a token must be a string');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new TokenFormatError('ERR_TOKEN_TOO_LARGE', `a token is at most ${MAX_TOKEN_LENGTH} characters`);
  }
  return token;
}

export function parse007(token: string, maxInflatedBytes = MAX_INFLATED_BYTES): Parsed007 {
  const payload = zlibInflate(base64Decode(token, 3), Math.min(maxInflatedBytes, MAX_INFLATED_BYTES));
  const r = new ByteReader(payload);
  const signature = r.bytes();
  const signingInfoStart = r.pos;
  const appId = r.str();
  const issueTs = r.u32();
  const expire = r.u32();
  const salt = r.u32();
  const count = r.u16();
  const services: DecodedService[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u16();
    const start = r.pos;
    let service: DecodedService | undefined;
    if (type < FIRST_NEWER_SERVICE) service = readService(type, r);
    else {
      // Services newer than the official parsers know: one that does not parse as we expect is kept as
      // unknown (and the token still verifies, as it does for them), not an error.
      try {
        service = readService(type, r);
      } catch {
        r.pos = start;
        service = undefined;
      }
    }
    if (!service) {
      services.push({ type, name: 'unknown', privileges: {}, data: toHex(payload, r.pos, payload.length) });
      break;
    }
    services.push(service);
  }
  const decoded: DecodedToken007 = {
    version: '007',
    appId,
    issueTs,
    expire,
    salt,
    signature: toHex(signature),
    services,
  };
  return { decoded, signature, payload, signingInfoStart };
}

export function parse006(token: string): Parsed006 {
  if (token.length < 35)
    throw new TokenFormatError('ERR_TOKEN_TRUNCATED', 'a 006 token is longer than its App ID');
  const appId = token.slice(3, 35);
  if (!isHex32(appId)) {
    throw new TokenFormatError('ERR_TOKEN_APP_ID', 'a 006 token must carry a 32-hex-character App ID');
  }
  const content = base64Decode(token, 35);
  const r = new ByteReader(content);
  const signature = r.bytes();
  const crcChannelName = r.u32();
  const crcUid = r.u32();
  const message = r.bytes();
  if (r.remaining !== 0)
    throw new TokenFormatError('ERR_TOKEN_TRAILING_BYTES', 'a 006 token has bytes after its message');
  const m = new ByteReader(message);
  const salt = m.u32();
  const ts = m.u32();
  const privileges = readPrivileges(m);
  const decoded: DecodedToken006 = {
    version: '006',
    appId,
    signature: toHex(signature),
    crcChannelName,
    crcUid,
    salt,
    ts,
    privileges,
  };
  return { decoded, signature, message };
}

/** Runs a parser so that only TokenfnErrors escape: anything else (which would be a bug) becomes ERR_TOKEN_MALFORMED. */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TokenfnError) throw e;
    throw new TokenFormatError('ERR_TOKEN_MALFORMED', 'token payload is malformed', { cause: e });
  }
}

export interface DecodeOptions {
  /**
   * The most bytes a 007 payload may inflate to (default, and most, 1 MiB). Real tokens inflate to well
   * under 2 KiB; a service that decodes tokens from clients should set a small limit.
   */
  maxInflatedBytes?: number;
}

/** Parses a token string of either version (no signature check; see verifyToken). */
export function parseToken(token: unknown, o: DecodeOptions = {}): Parsed007 | Parsed006 {
  // Tokens come from files, environment variables and stdin: surrounding whitespace (a trailing newline)
  // is not part of one, as every official parser agrees.
  const t = checkString(token).trim();
  const version = t.slice(0, 3);
  return guarded(() => {
    if (version === '007') return parse007(t, o.maxInflatedBytes);
    if (version === '006') return parse006(t);
    throw new TokenFormatError(
      'ERR_TOKEN_VERSION',
      'a token starts with "007" (AccessToken2) or "006" (AccessToken)',
    );
  });
}

/**
 * Decodes a 007 or 006 token without checking its signature; surrounding whitespace is ignored. Throws
 * TokenFormatError (stable `code`) for anything malformed.
 */
export function decodeToken(token: string, o: DecodeOptions = {}): DecodedToken {
  return parseToken(token, o).decoded;
}
