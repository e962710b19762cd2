import { TokenInputError } from '../errors.js';
import { ServiceRtm, ServiceRtm2 } from '../services/kinds.js';
import { Rtm2Permissions } from '../services/rtm2-permissions.js';
import type { BuildOptions } from '../types.js';
import { dropInToken, userId } from './inputs.js';

/** Drop-in for agora-token 2.0.6's RtmTokenBuilder (throws TokenInputError instead of returning ''). */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class RtmTokenBuilder {
  /** RTM login token: the login privilege lasts as long as the token. */
  static buildToken(
    appId: string,
    appCertificate: string,
    user: string | number,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceRtm(userId(user)).addPrivilege(ServiceRtm.kPrivilegeLogin, t),
    ]);
  }

  /** RTM2 token (service type 8) with resource-level permissions. */
  static buildTokenWithPermissions(
    appId: string,
    appCertificate: string,
    user: string | number,
    permissions: Rtm2Permissions,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceRtm2(userId(user), rtm2Permissions(permissions)).addPrivilege(
        ServiceRtm2.kPrivilegeLogin,
        t,
      ),
    ]);
  }
}

function rtm2Permissions(permissions: unknown): Rtm2Permissions {
  // agora-token grants nothing for a missing permission set, null included.
  if (permissions === undefined || permissions === null) return new Rtm2Permissions();
  if (
    typeof permissions !== 'object' ||
    permissions === null ||
    typeof (permissions as Rtm2Permissions).details !== 'object'
  ) {
    throw new TokenInputError(
      'ERR_INVALID_ARGUMENT',
      'permissions',
      'permissions must be an Rtm2Permissions',
    );
  }
  return permissions as Rtm2Permissions;
}
