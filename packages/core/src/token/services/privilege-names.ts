// Readable names of privileges and service fields, for what decodeToken returns (tools that show a token: the CLI, the
// inspector page).
import {
  ApaasPrivilege,
  ChatPrivilege,
  FcdnPrivilege,
  FpaPrivilege,
  RtcPrivilege,
  Rtm2Privilege,
  RtmPrivilege,
  ServiceType,
  StreamingPrivilege,
} from './service-type.js';

const RTC_NAMES: Record<number, string> = {
  [RtcPrivilege.JoinChannel]: 'join channel',
  [RtcPrivilege.PublishAudioStream]: 'publish audio',
  [RtcPrivilege.PublishVideoStream]: 'publish video',
  [RtcPrivilege.PublishDataStream]: 'publish data',
};

const NAMES_007: Record<number, Record<number, string>> = {
  [ServiceType.Rtc]: RTC_NAMES,
  [ServiceType.Rtm]: { [RtmPrivilege.Login]: 'login' },
  [ServiceType.Streaming]: {
    [StreamingPrivilege.PublishMixStream]: 'publish mix stream',
    [StreamingPrivilege.PublishRawStream]: 'publish raw stream',
  },
  [ServiceType.Fpa]: { [FpaPrivilege.Login]: 'login' },
  [ServiceType.Chat]: { [ChatPrivilege.User]: 'user', [ChatPrivilege.App]: 'app' },
  [ServiceType.Fcdn]: { [FcdnPrivilege.Publish]: 'publish', [FcdnPrivilege.Play]: 'play' },
  [ServiceType.Apaas]: {
    [ApaasPrivilege.RoomUser]: 'room user',
    [ApaasPrivilege.User]: 'user',
    [ApaasPrivilege.App]: 'app',
  },
  [ServiceType.Rtm2]: { [Rtm2Privilege.Login]: 'login' },
};

/** AccessToken (006): the RTC privileges and RTM login (1000). */
const NAMES_006: Record<number, string> = { ...RTC_NAMES, 1000: 'rtm login' };

/**
 * The name of privilege `privilege` of AccessToken2 service type `serviceType`; `privilege N` for one
 * this library does not know.
 *
 * @example
 * privilegeName007(ServiceType.Rtc, RtcPrivilege.PublishVideoStream); // 'publish video'
 */
export function privilegeName007(serviceType: number, privilege: number): string {
  return NAMES_007[serviceType]?.[privilege] ?? `privilege ${privilege}`;
}

/**
 * The name of a 006 (AccessToken) privilege; `privilege N` for one this library does not know.
 *
 * @example
 * privilegeName006(1000); // 'rtm login'
 */
export function privilegeName006(privilege: number): string {
  return NAMES_006[privilege] ?? `privilege ${privilege}`;
}

const FIELD_NAMES: Record<string, string> = {
  channelName: 'channel',
  userId: 'user id',
  account: 'account',
  roomUuid: 'room uuid',
  userUuid: 'user uuid',
  role: 'role',
  permissions: 'permissions',
  data: 'raw bytes (hex)',
};

/**
 * The readable name of a field of a decoded service (`channelName` is 'channel'); the key itself for a
 * field this library does not name.
 */
export function serviceFieldName(key: string): string {
  return FIELD_NAMES[key] ?? key;
}
