import { md5Hex } from '../crypto/md5.js';
import { TokenInputError } from '../errors.js';
import { ServiceApaas, ServiceChat, ServiceRtm } from '../services/kinds.js';
import type { BuildOptions } from '../types.js';
import { dropInToken, userId } from './inputs.js';

function uuid(v: unknown, field: string): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || s.length === 0 || s.length > 255) {
    throw new TokenInputError(
      'ERR_INVALID_ARGUMENT',
      field,
      `${field} must be a non-empty string of at most 255 characters`,
    );
  }
  return s;
}

function role(v: unknown): number {
  if (v === undefined || v === null) return -1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -32768 || v > 32767) {
    throw new TokenInputError('ERR_INVALID_ROLE', 'role', 'role must be an integer from -32768 to 32767');
  }
  return v;
}

/**
 * Drop-in for agora-token 2.0.6's ApaasTokenBuilder / EducationTokenBuilder. Room-user tokens carry the
 * APaaS room-user privilege (as the Go, Python and C++ builders and the published vector do; agora-token
 * 2.0.6 leaves it out), and a role of 0 stays 0 (agora-token turns it into -1).
 */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class ApaasTokenBuilder {
  /** APaaS room-user privilege + RTM login for `userUuid` + Chat user md5(userUuid). */
  static buildRoomUserToken(
    appId: string,
    appCertificate: string,
    roomUuid: string,
    userUuid: string | number,
    roleValue: number,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => {
      const user = uuid(userUuid, 'userUuid');
      return [
        new ServiceApaas(uuid(roomUuid, 'roomUuid'), user, role(roleValue)).addPrivilege(
          ServiceApaas.PRIVILEGE_ROOM_USER,
          t,
        ),
        new ServiceRtm(userId(user, 'userUuid')).addPrivilege(ServiceRtm.kPrivilegeLogin, t),
        new ServiceChat(md5Hex(user)).addPrivilege(ServiceChat.kPrivilegeUser, t),
      ];
    });
  }

  /** APaaS user privilege for `userUuid` (no room, role -1). */
  static buildUserToken(
    appId: string,
    appCertificate: string,
    userUuid: string | number,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceApaas('', uuid(userUuid, 'userUuid')).addPrivilege(ServiceApaas.PRIVILEGE_USER, t),
    ]);
  }

  /** APaaS app privilege (no room, no user, role -1). */
  static buildAppToken(
    appId: string,
    appCertificate: string,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceApaas().addPrivilege(ServiceApaas.PRIVILEGE_APP, t),
    ]);
  }
}

/** The same builder under its older name. */
export class EducationTokenBuilder extends ApaasTokenBuilder {}
