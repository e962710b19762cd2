import { ServiceRtc, ServiceRtm } from '../services/kinds.js';
import type { Service } from '../services/service.js';
import type { BuildOptions } from '../types.js';
import { validateChannelName } from '../validate.js';
import { dropInToken, privilegeExpire, RtcRole, rtcRole, rtcUser, userId } from './inputs.js';

/**
 * The positional parameters of buildTokenWithUid, buildTokenWithUserAccount and buildTokenWithRtm, as
 * agora-token 2.0.6 has them. `uidOrAccount`: a number is a uid (0 = any uid), a string a user account.
 */
export type RtcTokenArgs = [
  appId: string,
  appCertificate: string,
  channelName: string,
  uidOrAccount: number | string,
  role: number,
  tokenExpire: number,
  privilegeExpire?: number,
  options?: BuildOptions,
];

/** The positional parameters of the three ...AndPrivilege methods, as agora-token 2.0.6 has them. */
export type RtcPrivilegeTokenArgs = [
  appId: string,
  appCertificate: string,
  channelName: string,
  uidOrAccount: number | string,
  tokenExpire: number,
  joinChannelPrivilegeExpire: number,
  pubAudioPrivilegeExpire: number,
  pubVideoPrivilegeExpire: number,
  pubDataStreamPrivilegeExpire: number,
  options?: BuildOptions,
];

/** The 12 positional parameters shared by buildTokenWithRtm2, ConvoAI and STT builders (+ options). */
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
  options?: BuildOptions,
];

/**
 * Drop-in for agora-token 2.0.6's RtcTokenBuilder: same static methods and positional parameters, the
 * same tokens for the same issue time and salt. Differences: bad input throws TokenInputError instead
 * of returning '', and every method takes an optional trailing BuildOptions ({ issueTs, salt }).
 */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class RtcTokenBuilder {
  /** RTC token for a numeric uid (0 = any uid). Publisher: join + publish audio/video/data. */
  static buildTokenWithUid(...args: RtcTokenArgs): string {
    return rtcToken(args, false);
  }

  /** RTC token for a user account (a string; a number is taken as a uid). */
  static buildTokenWithUserAccount(...args: RtcTokenArgs): string {
    return rtcToken(args, false);
  }

  /** RTC token with each privilege's lifetime given (all four privileges are included). */
  static buildTokenWithUidAndPrivilege(...args: RtcPrivilegeTokenArgs): string {
    return rtcPrivilegeToken(args);
  }

  /** As agora-token spells it (capital B). */
  static BuildTokenWithUserAccountAndPrivilege(...args: RtcPrivilegeTokenArgs): string {
    return rtcPrivilegeToken(args);
  }

  /** camelCase alias of {@link RtcTokenBuilder.BuildTokenWithUserAccountAndPrivilege}. */
  static buildTokenWithUserAccountAndPrivilege(...args: RtcPrivilegeTokenArgs): string {
    return rtcPrivilegeToken(args);
  }

  /** RTC + RTM login in one token; the RTM user id is the account, RTM login lasts the whole token. */
  static buildTokenWithRtm(...args: RtcTokenArgs): string {
    return rtcToken(args, true);
  }

  /** RTC (publisher privileges only for PUBLISHER) + RTM login for `rtmUserId`. */
  static buildTokenWithRtm2(...args: RtcRtmArgs): string {
    return rtcRtmToken(args);
  }
}

/** The RTC service: join for everyone, publish audio/video/data only when `publisher`. */
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

/** A role's RTC token, every privilege lasting `privilegeExpire`; with `rtm`, RTM login for the account. */
function rtcToken(args: RtcTokenArgs, rtm: boolean): string {
  const [appId, appCertificate, channelName, user, role, expire, privilegeSeconds = 0, options] = args;
  return dropInToken(appId, appCertificate, expire, 'tokenExpire', options, (t) => {
    const publisher = rtcRole(role) === RtcRole.PUBLISHER;
    const p = privilegeExpire(privilegeSeconds, 'privilegeExpire');
    const rtc = rtcService(channelName, user, publisher, p, p, p, p);
    if (!rtm) return [rtc];
    return [rtc, new ServiceRtm(userId(user, 'account')).addPrivilege(ServiceRtm.kPrivilegeLogin, t)];
  });
}

/** An RTC token with all four privileges, each with its own lifetime. */
function rtcPrivilegeToken(args: RtcPrivilegeTokenArgs): string {
  const [appId, appCertificate, channelName, user, expire, join, audio, video, data, options] = args;
  return dropInToken(appId, appCertificate, expire, 'tokenExpire', options, () => [
    rtcService(
      channelName,
      user,
      true,
      privilegeExpire(join, 'joinChannelPrivilegeExpire'),
      privilegeExpire(audio, 'pubAudioPrivilegeExpire'),
      privilegeExpire(video, 'pubVideoPrivilegeExpire'),
      privilegeExpire(data, 'pubDataStreamPrivilegeExpire'),
    ),
  ]);
}

/** RTC + RTM token (+ an extra field-less service such as ConvoAI or STT). */
export function rtcRtmToken(args: RtcRtmArgs, extra?: Service): string {
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
    options,
  ] = args;
  return dropInToken(appId, appCertificate, rtcExpire, 'rtcTokenExpire', options, () => {
    const publisher = rtcRole(role, 'rtcRole') === RtcRole.PUBLISHER;
    const services: Service[] = [
      rtcService(
        channelName,
        rtcAccount,
        publisher,
        privilegeExpire(join, 'joinChannelPrivilegeExpire'),
        publisher ? privilegeExpire(audio, 'pubAudioPrivilegeExpire') : 0,
        publisher ? privilegeExpire(video, 'pubVideoPrivilegeExpire') : 0,
        publisher ? privilegeExpire(data, 'pubDataStreamPrivilegeExpire') : 0,
      ),
      new ServiceRtm(userId(rtmUser, 'rtmUserId')).addPrivilege(
        ServiceRtm.kPrivilegeLogin,
        privilegeExpire(rtmExpire, 'rtmTokenExpire'),
      ),
    ];
    if (extra) services.push(extra);
    return services;
  });
}
