import { TokenInputError } from '../errors.js';
import { validateChannelName, validateRtmUserId, validateUid, validateUserAccount } from '../validate.js';
import { AccessToken, type LegacyBuildOptions, Privileges, validateExpiredTs } from './access-token.js';

/**
 * 006 RTC roles (agora-access-token 2.0.4). ATTENDEE and ADMIN have the same privileges as PUBLISHER.
 * Typed `number`, not as literals, so that `let role = RtcRole.PUBLISHER` can later take another role.
 */
export const RtcRole: {
  readonly ATTENDEE: number;
  readonly PUBLISHER: number;
  readonly SUBSCRIBER: number;
  readonly ADMIN: number;
} = { ATTENDEE: 0, PUBLISHER: 1, SUBSCRIBER: 2, ADMIN: 101 };

/** 006 RTM role. */
export const RtmRole: { readonly Rtm_User: number } = { Rtm_User: 1 };

function role(v: unknown): number {
  if (v !== 0 && v !== 1 && v !== 2 && v !== 101) {
    throw new TokenInputError(
      'ERR_INVALID_ROLE',
      'role',
      'role must be RtcRole.ATTENDEE (0), PUBLISHER (1), SUBSCRIBER (2) or ADMIN (101)',
    );
  }
  return v;
}

/**
 * Drop-in for agora-access-token 2.0.4's RtcTokenBuilder (006 tokens, absolute `privilegeExpiredTs`).
 * Bad input throws TokenInputError; a trailing `options` ({ salt, ts }) makes tokens reproducible.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-access-token's static classes
export class RtcTokenBuilder {
  static buildTokenWithUid(
    appID: string,
    appCertificate: string,
    channelName: string,
    uid: number,
    roleValue: number,
    privilegeExpiredTs: number,
    options?: LegacyBuildOptions,
  ): string {
    return RtcTokenBuilder.buildTokenWithAccount(
      appID,
      appCertificate,
      channelName,
      uid,
      roleValue,
      privilegeExpiredTs,
      options,
    );
  }

  static buildTokenWithAccount(
    appID: string,
    appCertificate: string,
    channelName: string,
    account: string | number,
    roleValue: number,
    privilegeExpiredTs: number,
    options?: LegacyBuildOptions,
  ): string {
    const r = role(roleValue);
    const expiredTs = validateExpiredTs(privilegeExpiredTs);
    const user = typeof account === 'number' ? validateUid(account) : validateUserAccount(account);
    const key = new AccessToken(
      appID,
      appCertificate,
      validateChannelName(channelName, 'channelName'),
      user,
      options,
    );
    key.addPrivilege(Privileges.kJoinChannel, expiredTs);
    if (r !== RtcRole.SUBSCRIBER) {
      key.addPrivilege(Privileges.kPublishAudioStream, expiredTs);
      key.addPrivilege(Privileges.kPublishVideoStream, expiredTs);
      key.addPrivilege(Privileges.kPublishDataStream, expiredTs);
    }
    return key.build();
  }
}

/** Drop-in for agora-access-token 2.0.4's RtmTokenBuilder: the account goes in the channel slot, uid "". */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-access-token's static classes
export class RtmTokenBuilder {
  static buildToken(
    appID: string,
    appCertificate: string,
    account: string | number,
    _role: number,
    privilegeExpiredTs: number,
    options?: LegacyBuildOptions,
  ): string {
    const user = validateRtmUserId(typeof account === 'number' ? String(account) : account, 'account');
    const key = new AccessToken(appID, appCertificate, user, '', options);
    key.addPrivilege(Privileges.kRtmLogin, validateExpiredTs(privilegeExpiredTs));
    return key.build();
  }
}

/**
 * agora-access-token's module.exports, as one object: it is CommonJS, and Node's ESM loader finds only its
 * first name, so ESM code imports it as `import pkg from 'agora-access-token'`. '@tokenfn/core/legacy'
 * exports this object as its default, so that such code works with only the module name changed.
 */
export const agoraAccessTokenExports = { RtcTokenBuilder, RtcRole, RtmTokenBuilder, RtmRole };
