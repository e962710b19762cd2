import { ServiceConvoAI, ServiceStt } from '../services/kinds.js';
import { type RtcRtmArgs, rtcRtmToken } from './rtc.js';

/** Drop-in for agora-token 2.0.6's ConvoAITokenBuilder: RTC + RTM + ConvoAI services. */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class ConvoAITokenBuilder {
  /** The parameters of RtcTokenBuilder.buildTokenWithRtm2; the token also carries the ConvoAI service. */
  static buildToken(...args: RtcRtmArgs): string {
    return rtcRtmToken(args, new ServiceConvoAI());
  }
}

/** Drop-in for agora-token 2.0.6's SttTokenBuilder: RTC + RTM + STT services. */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class SttTokenBuilder {
  /** The parameters of RtcTokenBuilder.buildTokenWithRtm2; the token also carries the STT service. */
  static buildToken(...args: RtcRtmArgs): string {
    return rtcRtmToken(args, new ServiceStt());
  }
}
