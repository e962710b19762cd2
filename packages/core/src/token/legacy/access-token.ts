// AccessToken (006): "006" + appId + base64(string(signature) u32 crc32(channel) u32 crc32(uid) string(m)),
// m = u32 salt u32 ts privilege-map, signature = HMAC-SHA256(certificate, appId + channel + uid + m).

import { hmacSha256 } from '#crypto';
import { crc32String } from '../crypto/crc32.js';
import { parseToken } from '../decode.js';
import { base64Encode } from '../encoding/base64.js';
import { ByteWriter } from '../encoding/bytes.js';
import { utf8Encode } from '../encoding/utf8.js';
import { TokenFormatError, TokenInputError } from '../errors.js';
import { nowSeconds, randomSalt } from '../random.js';
import { packPrivileges } from '../services/service.js';
import type { PrivilegeMap } from '../types.js';
import {
  validateAppCertificate,
  validateAppId,
  validatePackableString,
  validateUid,
  validateUint32,
} from '../validate.js';

/** 006 privilege ids (agora-access-token's names). */
export const Privileges = {
  kJoinChannel: 1,
  kPublishAudioStream: 2,
  kPublishVideoStream: 3,
  kPublishDataStream: 4,
  kPublishAudiocdn: 5,
  kPublishVideoCdn: 6,
  kRequestPublishAudioStream: 7,
  kRequestPublishVideoStream: 8,
  kRequestPublishDataStream: 9,
  kInvitePublishAudioStream: 10,
  kInvitePublishVideoStream: 11,
  kInvitePublishDataStream: 12,
  kAdministrateChannel: 101,
  kRtmLogin: 1000,
} as const;

/** Reproducibility knobs for 006: `ts` defaults to now + 24 h (as agora-access-token), `salt` to crypto random. */
export interface LegacyBuildOptions {
  salt?: number;
  ts?: number;
}

/** An absolute unix time (or 0 = never expires); small positive values are durations passed by mistake. */
export function validateExpiredTs(v: unknown, field = 'privilegeExpiredTs'): number {
  const n = validateUint32(v, field);
  if (n !== 0 && n < 1_000_000_000) {
    throw new TokenInputError(
      'ERR_INVALID_EXPIRE',
      field,
      `${field} is an absolute unix timestamp in 006 tokens (e.g. now + 3600), or 0 for no expiry; got ${n}, which looks like a duration`,
    );
  }
  return n;
}

/** The 006 token, shaped like agora-access-token 2.0.4's AccessToken. */
export class AccessToken {
  appID: string;
  appCertificate: string;
  channelName: string;
  uid: string;
  salt: number;
  ts: number;
  messages: PrivilegeMap = {};
  signature?: string;
  crc_channel_name?: number;
  crc_uid?: number;

  /** `uid`: a number (0 = any uid, packed as "") or a string packed as is. */
  constructor(
    appID: string,
    appCertificate: string,
    channelName: string,
    uid: number | string,
    options?: LegacyBuildOptions,
  ) {
    this.appID = validateAppId(appID, 'appID');
    this.appCertificate = validateAppCertificate(appCertificate);
    this.channelName = validatePackableString(channelName, 'channelName');
    this.uid =
      typeof uid === 'number'
        ? validateUid(uid) === 0
          ? ''
          : String(uid)
        : validatePackableString(uid, 'uid');
    this.salt = options?.salt === undefined ? randomSalt() : validateUint32(options.salt, 'salt');
    this.ts = options?.ts === undefined ? nowSeconds() + 24 * 3600 : validateUint32(options.ts, 'ts');
  }

  /** Sets a privilege to an absolute expiry time (agora-access-token's spelling). */
  addPriviledge(privilege: number, expireTimestamp: number): void {
    this.addPrivilege(privilege, expireTimestamp);
  }

  addPrivilege(privilege: number, expireTimestamp: number): void {
    if (!Number.isInteger(privilege) || privilege < 0 || privilege > 0xffff) {
      throw new TokenInputError(
        'ERR_INVALID_ARGUMENT',
        'privilege',
        'privilege must be an integer from 0 to 65535',
      );
    }
    this.messages[privilege] = validateUint32(expireTimestamp, 'expireTimestamp');
  }

  build(): string {
    const m = new ByteWriter(64).u32(this.salt).u32(this.ts);
    packPrivileges(m, this.messages);
    const message = m.buf.subarray(0, m.pos);
    const head = utf8Encode(this.appID + this.channelName + this.uid);
    const toSign = new Uint8Array(head.length + message.length);
    toSign.set(head);
    toSign.set(message, head.length);
    const signature = hmacSha256(utf8Encode(this.appCertificate), toSign);
    const content = new ByteWriter(128)
      .bytes(signature)
      .u32(crc32String(this.channelName))
      .u32(crc32String(this.uid))
      .bytes(message);
    return `006${this.appID}${base64Encode(content.buf, 0, content.pos)}`;
  }

  /** Reads a 006 token into this object; false when it is not one (as agora-access-token). */
  fromString(token: string): boolean {
    try {
      const parsed = parseToken(token);
      if (parsed.decoded.version !== '006') return false;
      const d = parsed.decoded;
      this.appID = d.appId;
      this.signature = d.signature;
      this.crc_channel_name = d.crcChannelName;
      this.crc_uid = d.crcUid;
      this.salt = d.salt;
      this.ts = d.ts;
      this.messages = d.privileges;
      return true;
    } catch (e) {
      if (e instanceof TokenFormatError) return false;
      throw e;
    }
  }
}
