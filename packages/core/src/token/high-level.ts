// The validated, named-parameter API the HTTP app and the CLI use.
import { AccessToken2 } from './access-token2.js';
import { ConvoAITokenBuilder, SttTokenBuilder } from './builders/convoai-stt.js';
import { RtcRole } from './builders/inputs.js';
import { TokenInputError } from './errors.js';
import { ServiceChat, ServiceRtc, ServiceRtm } from './services/kinds.js';
import type { Service } from './services/service.js';
import type { AgoraCredentials, BuildOptions } from './types.js';
import {
  validateAppCertificate,
  validateAppId,
  validateChannelName,
  validateExpiresIn,
  validateRtmUserId,
  validateSeconds,
  validateUid,
  validateUserAccount,
} from './validate.js';

export type RtcRoleName = 'publisher' | 'subscriber';

/** Per-privilege lifetimes in seconds from issue (0 = as long as the token); each defaults to expiresIn. */
export interface RtcPrivilegeExpiries {
  join?: number;
  publishAudio?: number;
  publishVideo?: number;
  publishData?: number;
}

export interface RtcTokenParams {
  channel: string;
  /** Exactly one of uid (integer, 0 = any uid) and account. */
  uid?: number;
  account?: string;
  role: RtcRoleName;
  expiresIn: number;
  privileges?: RtcPrivilegeExpiries;
  /** Adds RTM login for this user id to the same token. */
  rtmUserId?: string;
}

function params<T>(p: T): T {
  if (typeof p !== 'object' || p === null) {
    throw new TokenInputError('ERR_INVALID_ARGUMENT', 'params', 'parameters must be an object');
  }
  return p;
}

function token(creds: AgoraCredentials, expiresIn: number, opts: BuildOptions | undefined): AccessToken2 {
  if (typeof creds !== 'object' || creds === null) {
    throw new TokenInputError(
      'ERR_INVALID_ARGUMENT',
      'credentials',
      'credentials must be { appId, appCertificate }',
    );
  }
  return new AccessToken2(
    validateAppId(creds.appId),
    validateAppCertificate(creds.appCertificate),
    validateExpiresIn(expiresIn),
    opts,
  );
}

function privilege(
  p: RtcPrivilegeExpiries | undefined,
  key: keyof RtcPrivilegeExpiries,
  expiresIn: number,
): number {
  const v = p?.[key];
  return v === undefined ? expiresIn : validateSeconds(v, `privileges.${key}`, 0);
}

/**
 * RTC token: join for everyone, publish audio/video/data for publishers. Subscribers may not be given
 * publish privileges. With `rtmUserId`, RTM login for that user is added (lasting `expiresIn`).
 */
export function buildRtcToken(creds: AgoraCredentials, p: RtcTokenParams, opts?: BuildOptions): string {
  params(p);
  const t = token(creds, p.expiresIn, opts);
  const channel = validateChannelName(p.channel, 'channel');
  const hasUid = p.uid !== undefined;
  const hasAccount = p.account !== undefined;
  if (hasUid === hasAccount) {
    throw new TokenInputError(
      'ERR_UID_OR_ACCOUNT',
      hasUid ? 'account' : 'uid',
      'give exactly one of uid (an integer, 0 = any uid) and account (a string)',
    );
  }
  const user = hasUid ? validateUid(p.uid, 'uid') : validateUserAccount(p.account, 'account');
  if (p.role !== 'publisher' && p.role !== 'subscriber') {
    throw new TokenInputError('ERR_INVALID_ROLE', 'role', 'role must be "publisher" or "subscriber"');
  }
  const pr = p.privileges;
  if (pr !== undefined && (typeof pr !== 'object' || pr === null)) {
    throw new TokenInputError(
      'ERR_INVALID_ARGUMENT',
      'privileges',
      'privileges must be an object of seconds',
    );
  }
  const rtc = new ServiceRtc(channel, user);
  rtc.addPrivilege(ServiceRtc.kPrivilegeJoinChannel, privilege(pr, 'join', t.expire));
  if (p.role === 'publisher') {
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishAudioStream, privilege(pr, 'publishAudio', t.expire));
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishVideoStream, privilege(pr, 'publishVideo', t.expire));
    rtc.addPrivilege(ServiceRtc.kPrivilegePublishDataStream, privilege(pr, 'publishData', t.expire));
  } else {
    for (const key of ['publishAudio', 'publishVideo', 'publishData'] as const) {
      if (pr?.[key] !== undefined) {
        throw new TokenInputError(
          'ERR_PRIVILEGE_NOT_ALLOWED',
          `privileges.${key}`,
          `a subscriber cannot have privileges.${key}`,
        );
      }
    }
  }
  t.addService(rtc);
  if (p.rtmUserId !== undefined) {
    t.addService(
      new ServiceRtm(validateRtmUserId(p.rtmUserId, 'rtmUserId')).addPrivilege(
        ServiceRtm.kPrivilegeLogin,
        t.expire,
      ),
    );
  }
  return t.build();
}

/** A token of one service, made for the validated lifetime (the service's privilege lasts as long). */
function oneServiceToken(
  creds: AgoraCredentials,
  expiresIn: number,
  opts: BuildOptions | undefined,
  service: (expire: number) => Service,
): string {
  const t = token(creds, expiresIn, opts);
  return t.addService(service(t.expire)).build();
}

/** RTM login token for `userId`. */
export function buildRtmToken(
  creds: AgoraCredentials,
  p: { userId: string; expiresIn: number },
  opts?: BuildOptions,
): string {
  return oneServiceToken(creds, params(p).expiresIn, opts, (expire) =>
    new ServiceRtm(validateRtmUserId(p.userId, 'userId')).addPrivilege(ServiceRtm.kPrivilegeLogin, expire),
  );
}

/** Chat user token for `userId`. */
export function buildChatUserToken(
  creds: AgoraCredentials,
  p: { userId: string; expiresIn: number },
  opts?: BuildOptions,
): string {
  return oneServiceToken(creds, params(p).expiresIn, opts, (expire) =>
    new ServiceChat(validateRtmUserId(p.userId, 'userId')).addPrivilege(ServiceChat.kPrivilegeUser, expire),
  );
}

/** Chat app token (for a server calling the Chat REST API). */
export function buildChatAppToken(
  creds: AgoraCredentials,
  p: { expiresIn: number },
  opts?: BuildOptions,
): string {
  return oneServiceToken(creds, params(p).expiresIn, opts, (expire) =>
    new ServiceChat('').addPrivilege(ServiceChat.kPrivilegeApp, expire),
  );
}

/** What `buildAgentToken` builds for: a Conversational AI agent or a real-time speech-to-text bot. */
export interface AgentTokenParams {
  product: 'convoai' | 'stt';
  channel: string;
  /** Exactly one of uid (an integer, not 0: the agent's own uid) and account: the agent's RTC user. */
  uid?: number;
  account?: string;
  role: RtcRoleName;
  expiresIn: number;
}

/**
 * The token an agent or bot joins with, as ConvoAITokenBuilder / SttTokenBuilder build it: RTC for its
 * uid or account in `channel`, RTM login for the same id, and the product's service; every privilege
 * lasts `expiresIn`. The REST API that starts the agent must be given the same channel and uid.
 */
export function buildAgentToken(creds: AgoraCredentials, p: AgentTokenParams, opts?: BuildOptions): string {
  params(p);
  if (p.product !== 'convoai' && p.product !== 'stt') {
    throw new TokenInputError('ERR_INVALID_ARGUMENT', 'product', 'product must be "convoai" or "stt"');
  }
  if ((p.uid === undefined) === (p.account === undefined)) {
    throw new TokenInputError(
      'ERR_UID_OR_ACCOUNT',
      p.uid === undefined ? 'uid' : 'account',
      "give exactly one of uid (the agent's integer uid) and account (a string)",
    );
  }
  if (p.uid === 0) {
    throw new TokenInputError(
      'ERR_INVALID_UID',
      'uid',
      "an agent needs its own uid (0 would let it be anyone's)",
    );
  }
  if (p.role !== 'publisher' && p.role !== 'subscriber') {
    throw new TokenInputError('ERR_INVALID_ROLE', 'role', 'role must be "publisher" or "subscriber"');
  }
  const user: number | string = p.uid ?? (p.account as string);
  const builder = p.product === 'convoai' ? ConvoAITokenBuilder : SttTokenBuilder;
  const e = p.expiresIn;
  return builder.buildToken(
    creds.appId,
    creds.appCertificate,
    p.channel,
    user,
    p.role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
    e,
    e,
    e,
    e,
    e,
    String(user),
    e,
    opts,
  );
}
