import { ServiceConvoAI, ServiceStt } from '../services/kinds.js';
import type { BuildOptions } from '../types.js';
import { rtcRtmToken } from './rtc.js';

/** Drop-in for agora-token 2.0.6's ConvoAITokenBuilder: RTC + RTM + ConvoAI services. */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class ConvoAITokenBuilder {
  static buildToken(
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
  ): string {
    return rtcRtmToken(
      [
        appId,
        appCertificate,
        channelName,
        rtcAccount,
        rtcRole,
        rtcTokenExpire,
        joinChannelPrivilegeExpire,
        pubAudioPrivilegeExpire,
        pubVideoPrivilegeExpire,
        pubDataStreamPrivilegeExpire,
        rtmUserId,
        rtmTokenExpire,
      ],
      options,
      new ServiceConvoAI(),
    );
  }
}

/** Drop-in for agora-token 2.0.6's SttTokenBuilder: RTC + RTM + STT services. */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class SttTokenBuilder {
  static buildToken(
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
  ): string {
    return rtcRtmToken(
      [
        appId,
        appCertificate,
        channelName,
        rtcAccount,
        rtcRole,
        rtcTokenExpire,
        joinChannelPrivilegeExpire,
        pubAudioPrivilegeExpire,
        pubVideoPrivilegeExpire,
        pubDataStreamPrivilegeExpire,
        rtmUserId,
        rtmTokenExpire,
      ],
      options,
      new ServiceStt(),
    );
  }
}
