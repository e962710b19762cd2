/** AccessToken2 service type ids, as the official builders number them (1 rtc … 10 stt). */
export const ServiceType = {
  Rtc: 1,
  Rtm: 2,
  Streaming: 3,
  Fpa: 4,
  Chat: 5,
  Fcdn: 6,
  Apaas: 7,
  Rtm2: 8,
  ConvoAI: 9,
  Stt: 10,
} as const;
export type ServiceTypeId = (typeof ServiceType)[keyof typeof ServiceType];

/** Names used by decodeToken, by service type id. */
export const SERVICE_NAMES = [
  'unknown',
  'rtc',
  'rtm',
  'streaming',
  'fpa',
  'chat',
  'fcdn',
  'apaas',
  'rtm2',
  'convoai',
  'stt',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Privilege ids per service. */
export const RtcPrivilege = {
  JoinChannel: 1,
  PublishAudioStream: 2,
  PublishVideoStream: 3,
  PublishDataStream: 4,
} as const;
export const RtmPrivilege = { Login: 1 } as const;
export const StreamingPrivilege = { PublishMixStream: 1, PublishRawStream: 2 } as const;
export const FpaPrivilege = { Login: 1 } as const;
export const ChatPrivilege = { User: 1, App: 2 } as const;
export const FcdnPrivilege = { Publish: 1, Play: 2 } as const;
export const ApaasPrivilege = { RoomUser: 1, User: 2, App: 3 } as const;
export const Rtm2Privilege = { Login: 1 } as const;
