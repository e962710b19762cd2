import { AccessToken2 } from '../access-token2.js';
import { ServiceRtc, ServiceRtm } from '../services/kinds.js';
import type { Service } from '../services/service.js';
import type { BuildOptions } from '../types.js';
import { validateChannelName } from '../validate.js';
import { credentials, privilegeExpire, RtcRole, rtcRole, rtcUser, tokenExpire, userId } from './inputs.js';

function rtcService(
  channelName: unknown,
  user: unknown,
  publisher: boolean,
  join: number,
  audio: number,
  video: number,
  data: number,
): ServiceRtc {
  const rtc = new ServiceRtc(validateChannelName(channelName, 'channelName'), rtcUser(user, 'uid'));
  rtc.addPrivilege(ServiceRtc.kPrivilegeJoinChannel, join);
  if (publisher) {
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishAudioStream, audio);
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishVideoStream, video);
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishDataStream, data);
  }
  return rtc;
}

/**
 * Drop-in for agora-token 2.0.6's RtcTokenBuilder: same static methods and positional parameters, the
 * same tokens for the same issue time and salt. Differences: bad input throws TokenInputError instead
 * of returning '', and every method takes an optional trailing BuildOptions ({ issueTs, salt }).
 */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class RtcTokenBuilder {
  /** RTC token for a numeric uid (0 = any uid). Publisher: join + publish audio/video/data. */
  static buildTokenWithUid(
    appId: string,
    appCertificate: string,
    channelName: string,
    uid: number | string,
    role: number,
    tokenExpire: number,
    privilegeExpire = 0,
    options?: BuildOptions,
  ): string {
    return RtcTokenBuilder.buildTokenWithUserAccount(
      appId,
      appCertificate,
      channelName,
      uid,
      role,
      tokenExpire,
      privilegeExpire,
      options,
    );
  }

  /** RTC token for a user account (a string; a number is taken as a uid). */
  static buildTokenWithUserAccount(
    appId: string,
    appCertificate: string,
    channelName: string,
    account: string | number,
    role: number,
    expire: number,
    privilegeExpireSeconds = 0,
    options?: BuildOptions,
  ): string {
    const c = credentials(appId, appCertificate);
    const publisher = rtcRole(role) === RtcRole.PUBLISHER;
    const p = privilegeExpire(privilegeExpireSeconds, 'privilegeExpire');
    const token = new AccessToken2(c.appId, c.appCertificate, tokenExpire(expire), options);
    token.addService(rtcService(channelName, account, publisher, p, p, p, p));
    return token.build();
  }

  /** RTC token with each privilege's lifetime given (all four privileges are included). */
  static buildTokenWithUidAndPrivilege(
    appId: string,
    appCertificate: string,
    channelName: string,
    uid: number | string,
    tokenExpire: number,
    joinChannelPrivilegeExpire: number,
    pubAudioPrivilegeExpire: number,
    pubVideoPrivilegeExpire: number,
    pubDataStreamPrivilegeExpire: number,
    options?: BuildOptions,
  ): string {
    return RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(
      appId,
      appCertificate,
      channelName,
      uid,
      tokenExpire,
      joinChannelPrivilegeExpire,
      pubAudioPrivilegeExpire,
      pubVideoPrivilegeExpire,
      pubDataStreamPrivilegeExpire,
      options,
    );
  }

  /** As agora-token spells it (capital B). */
  static BuildTokenWithUserAccountAndPrivilege(
    appId: string,
    appCertificate: string,
    channelName: string,
    account: string | number,
    expire: number,
    joinChannelPrivilegeExpire: number,
    pubAudioPrivilegeExpire: number,
    pubVideoPrivilegeExpire: number,
    pubDataStreamPrivilegeExpire: number,
    options?: BuildOptions,
  ): string {
    const c = credentials(appId, appCertificate);
    const token = new AccessToken2(c.appId, c.appCertificate, tokenExpire(expire), options);
    token.addService(
      rtcService(
        channelName,
        account,
        true,
        privilegeExpire(joinChannelPrivilegeExpire, 'joinChannelPrivilegeExpire'),
        privilegeExpire(pubAudioPrivilegeExpire, 'pubAudioPrivilegeExpire'),
        privilegeExpire(pubVideoPrivilegeExpire, 'pubVideoPrivilegeExpire'),
        privilegeExpire(pubDataStreamPrivilegeExpire, 'pubDataStreamPrivilegeExpire'),
      ),
    );
    return token.build();
  }

  /** camelCase alias of {@link RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege}. */
  static buildTokenWithUserAccountAndPrivilege(
    appId: string,
    appCertificate: string,
    channelName: string,
    account: string | number,
    tokenExpire: number,
    joinChannelPrivilegeExpire: number,
    pubAudioPrivilegeExpire: number,
    pubVideoPrivilegeExpire: number,
    pubDataStreamPrivilegeExpire: number,
    options?: BuildOptions,
  ): string {
    return RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege(
      appId,
      appCertificate,
      channelName,
      account,
      tokenExpire,
      joinChannelPrivilegeExpire,
      pubAudioPrivilegeExpire,
      pubVideoPrivilegeExpire,
      pubDataStreamPrivilegeExpire,
      options,
    );
  }

  /** RTC + RTM login in one token; the RTM user id is the account, RTM login lasts the whole token. */
  static buildTokenWithRtm(
    appId: string,
    appCertificate: string,
    channelName: string,
    account: string | number,
    role: number,
    expire: number,
    privilegeExpireSeconds = 0,
    options?: BuildOptions,
  ): string {
    const c = credentials(appId, appCertificate);
    const publisher = rtcRole(role) === RtcRole.PUBLISHER;
    const t = tokenExpire(expire);
    const p = privilegeExpire(privilegeExpireSeconds, 'privilegeExpire');
    const token = new AccessToken2(c.appId, c.appCertificate, t, options);
    token.addService(rtcService(channelName, account, publisher, p, p, p, p));
    token.addService(new ServiceRtm(userId(account, 'account')).addPrivilege(ServiceRtm.kPrivilegeLogin, t));
    return token.build();
  }

  /** RTC (publisher privileges only for PUBLISHER) + RTM login for `rtmUserId`. */
  static buildTokenWithRtm2(
    appId: string,
    appCertificate: string,
    channelName: string,
    rtcAccount: string | number,
    rtcRoleValue: number,
    rtcTokenExpire: number,
    joinChannelPrivilegeExpire: number,
    pubAudioPrivilegeExpire: number,
    pubVideoPrivilegeExpire: number,
    pubDataStreamPrivilegeExpire: number,
    rtmUserId: string | number,
    rtmTokenExpire: number,
    options?: BuildOptions,
  ): string {
    return rtcRtmToken(
      [
        appId,
        appCertificate,
        channelName,
        rtcAccount,
        rtcRoleValue,
        rtcTokenExpire,
        joinChannelPrivilegeExpire,
        pubAudioPrivilegeExpire,
        pubVideoPrivilegeExpire,
        pubDataStreamPrivilegeExpire,
        rtmUserId,
        rtmTokenExpire,
      ],
      options,
    );
  }
}

/** The 12 positional parameters shared by buildTokenWithRtm2, ConvoAI and STT builders. */
export type RtcRtmArgs = [
  appId: string,
  appCertificate: string,
  channelName: string,
  rtcAccount: string | number,
  rtcRole: number,
  rtcTokenExpire: number,
  joinChannelPrivilegeExpire: number,
  pubAudioPrivilegeExpire: number,
  pubVideoPrivilegeExpire: number,
  pubDataStreamPrivilegeExpire: number,
  rtmUserId: string | number,
  rtmTokenExpire: number,
];

/** RTC + RTM token (+ an extra field-less service such as ConvoAI or STT). */
export function rtcRtmToken(args: RtcRtmArgs, options?: BuildOptions, extra?: Service): string {
  const [
    appId,
    appCertificate,
    channelName,
    rtcAccount,
    role,
    rtcExpire,
    join,
    audio,
    video,
    data,
    rtmUser,
    rtmExpire,
  ] = args;
  const c = credentials(appId, appCertificate);
  const publisher = rtcRole(role, 'rtcRole') === RtcRole.PUBLISHER;
  const token = new AccessToken2(
    c.appId,
    c.appCertificate,
    tokenExpire(rtcExpire, 'rtcTokenExpire'),
    options,
  );
  token.addService(
    rtcService(
      channelName,
      rtcAccount,
      publisher,
      privilegeExpire(join, 'joinChannelPrivilegeExpire'),
      publisher ? privilegeExpire(audio, 'pubAudioPrivilegeExpire') : 0,
      publisher ? privilegeExpire(video, 'pubVideoPrivilegeExpire') : 0,
      publisher ? privilegeExpire(data, 'pubDataStreamPrivilegeExpire') : 0,
    ),
  );
  token.addService(
    new ServiceRtm(userId(rtmUser, 'rtmUserId')).addPrivilege(
      ServiceRtm.kPrivilegeLogin,
      privilegeExpire(rtmExpire, 'rtmTokenExpire'),
    ),
  );
  if (extra) token.addService(extra);
  return token.build();
}
