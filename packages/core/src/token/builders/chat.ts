import { ServiceChat } from '../services/kinds.js';
import type { BuildOptions } from '../types.js';
import { dropInToken, userId } from './inputs.js';

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
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceChat(userId(userUuid, 'userUuid')).addPrivilege(ServiceChat.kPrivilegeUser, t),
    ]);
  }

  /** Chat app token (privilege 2, empty user id): for your server's calls to the Chat REST API. */
  static buildAppToken(
    appId: string,
    appCertificate: string,
    expire: number,
    options?: BuildOptions,
  ): string {
    return dropInToken(appId, appCertificate, expire, 'expire', options, (t) => [
      new ServiceChat('').addPrivilege(ServiceChat.kPrivilegeApp, t),
    ]);
  }
}
