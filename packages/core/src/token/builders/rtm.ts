import { AccessToken2 } from '../access-token2.js';
import { TokenInputError } from '../errors.js';
import { ServiceRtm, ServiceRtm2 } from '../services/kinds.js';
import { Rtm2Permissions } from '../services/rtm2-permissions.js';
import type { BuildOptions } from '../types.js';
import { credentials, tokenExpire, userId } from './inputs.js';

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
    const c = credentials(appId, appCertificate);
    const t = tokenExpire(expire, 'expire');
    const token = new AccessToken2(c.appId, c.appCertificate, t, options);
    token.addService(new ServiceRtm(userId(user)).addPrivilege(ServiceRtm.kPrivilegeLogin, t));
    return token.build();
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
    const c = credentials(appId, appCertificate);
    const t = tokenExpire(expire, 'expire');
    if (
      permissions !== undefined &&
      (typeof permissions !== 'object' || permissions === null || typeof permissions.details !== 'object')
    ) {
      throw new TokenInputError(
        'ERR_INVALID_ARGUMENT',
        'permissions',
        'permissions must be an Rtm2Permissions',
      );
    }
    const token = new AccessToken2(c.appId, c.appCertificate, t, options);
    token.addService(
      new ServiceRtm2(userId(user), permissions ?? new Rtm2Permissions()).addPrivilege(
        ServiceRtm2.kPrivilegeLogin,
        t,
      ),
    );
    return token.build();
  }
}
