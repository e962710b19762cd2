import type { Rtm2PermissionDetails } from './services/rtm2-permissions.js';
import type { PrivilegeMap } from './types.js';

interface DecodedServiceBase {
  /** Privilege id -> seconds after issue (0 = as long as the token). */
  privileges: PrivilegeMap;
}
export interface DecodedRtcService extends DecodedServiceBase {
  type: 1;
  name: 'rtc';
  channelName: string;
  /** As packed: a decimal uid, "" for uid 0 (any uid), or a user account. */
  uid: string;
}
export interface DecodedRtmService extends DecodedServiceBase {
  type: 2;
  name: 'rtm';
  userId: string;
}
export interface DecodedStreamingService extends DecodedServiceBase {
  type: 3;
  name: 'streaming';
  channelName: string;
  account: string;
}
export interface DecodedFpaService extends DecodedServiceBase {
  type: 4;
  name: 'fpa';
}
export interface DecodedChatService extends DecodedServiceBase {
  type: 5;
  name: 'chat';
  userId: string;
}
export interface DecodedFcdnService extends DecodedServiceBase {
  type: 6;
  name: 'fcdn';
  channelName: string;
  account: string;
}
export interface DecodedApaasService extends DecodedServiceBase {
  type: 7;
  name: 'apaas';
  roomUuid: string;
  userUuid: string;
  /** Signed 16-bit; -1 when not given. */
  role: number;
}
export interface DecodedRtm2Service extends DecodedServiceBase {
  type: 8;
  name: 'rtm2';
  userId: string;
  permissions: Rtm2PermissionDetails;
}
export interface DecodedConvoAIService extends DecodedServiceBase {
  type: 9;
  name: 'convoai';
}
export interface DecodedSttService extends DecodedServiceBase {
  type: 10;
  name: 'stt';
}
/**
 * A service type this library does not know. Parsing stops here (its length is unknown); `data` is the
 * hex of every byte after its type id, and the token still verifies.
 */
export interface DecodedUnknownService extends DecodedServiceBase {
  type: number;
  name: 'unknown';
  data: string;
}

export type DecodedService =
  | DecodedRtcService
  | DecodedRtmService
  | DecodedStreamingService
  | DecodedFpaService
  | DecodedChatService
  | DecodedFcdnService
  | DecodedApaasService
  | DecodedRtm2Service
  | DecodedConvoAIService
  | DecodedSttService
  | DecodedUnknownService;

export interface DecodedToken007 {
  version: '007';
  appId: string;
  /** Unix seconds. */
  issueTs: number;
  /** Seconds after issueTs. */
  expire: number;
  salt: number;
  /** HMAC-SHA256 signature, lower-case hex. */
  signature: string;
  /** In packed order (by type). */
  services: DecodedService[];
}

export interface DecodedToken006 {
  version: '006';
  appId: string;
  /** HMAC-SHA256 signature, lower-case hex. */
  signature: string;
  crcChannelName: number;
  crcUid: number;
  salt: number;
  ts: number;
  /** Privilege id -> absolute unix time (0 = no expiry). */
  privileges: PrivilegeMap;
}

export type DecodedToken = DecodedToken007 | DecodedToken006;
