import { AccessToken2 } from '../access-token2.js';
import { ServiceChat } from '../services/kinds.js';
import type { BuildOptions } from '../types.js';
import { credentials, tokenExpire, userId } from './inputs.js';

/** Drop-in for agora-token 2.0.6's ChatTokenBuilder (throws TokenInputError instead of returning ''). */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class ChatTokenBuilder {
  /** Chat user token (privilege 1 for `userUuid`). */
  static buildUserToken(
    appId: string,
    appCertificate: string,
    userUuid: string | number,
    expire: number,
    options?: BuildOptions,
  ): string {
    const c = credentials(appId, appCertificate);
    const t = tokenExpire(expire, 'expire');
    const token = new AccessToken2(c.appId, c.appCertificate, t, options);
    token.addService(
      new ServiceChat(userId(userUuid, 'userUuid')).addPrivilege(ServiceChat.kPrivilegeUser, t),
    );
    return token.build();
  }

  /** Chat app token (privilege 2, empty user id): for your server's calls to the Chat REST API. */
  static buildAppToken(
    appId: string,
    appCertificate: string,
    expire: number,
    options?: BuildOptions,
  ): string {
    const c = credentials(appId, appCertificate);
    const t = tokenExpire(expire, 'expire');
    const token = new AccessToken2(c.appId, c.appCertificate, t, options);
    token.addService(new ServiceChat('').addPrivilege(ServiceChat.kPrivilegeApp, t));
    return token.build();
  }
}
