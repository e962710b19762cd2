// The concrete AccessToken2 services: each packs its fields after the privilege map, in the official order.
import type { ByteWriter } from '../encoding/bytes.js';
import { TokenInputError } from '../errors.js';
import { validatePackableString } from '../validate.js';
import { packRtm2Permissions, Rtm2Permissions } from './rtm2-permissions.js';
import { Service, uidString } from './service.js';
import { ServiceType } from './service-type.js';

/** RTC (type 1): channel name, then the uid as a string ("" for uid 0) or the account. */
export class ServiceRtc extends Service {
  static readonly kPrivilegeJoinChannel = 1;
  static readonly kPrivilegePublishAudioStream = 2;
  static readonly kPrivilegePublishVideoStream = 3;
  static readonly kPrivilegePublishDataStream = 4;
  readonly type = ServiceType.Rtc;
  readonly channelName: string;
  readonly uid: string;

  constructor(channelName: string, uid: number | string) {
    super();
    this.channelName = validatePackableString(channelName, 'channelName');
    this.uid = uidString(uid, 'uid');
  }

  protected override packFields(w: ByteWriter): void {
    w.str(this.channelName).str(this.uid);
  }
}

/** A service whose only field is a user id (RTM, Chat). */
abstract class UserIdService extends Service {
  readonly userId: string;

  constructor(userId = '') {
    super();
    this.userId = validatePackableString(userId, 'userId');
  }

  protected override packFields(w: ByteWriter): void {
    w.str(this.userId);
  }
}

/** A service whose fields are a channel name and an account, uid 0 packed as "" (Streaming, FCDN). */
abstract class ChannelAccountService extends Service {
  readonly channelName: string;
  readonly account: string;

  constructor(channelName = '', account: number | string = '') {
    super();
    this.channelName = validatePackableString(channelName, 'channelName');
    this.account = uidString(account, 'account');
  }

  protected override packFields(w: ByteWriter): void {
    w.str(this.channelName).str(this.account);
  }
}

/** RTM (type 2): user id. */
export class ServiceRtm extends UserIdService {
  static readonly kPrivilegeLogin = 1;
  readonly type = ServiceType.Rtm;
}

/** Streaming (type 3): channel name and account (uid 0 -> ""). */
export class ServiceStreaming extends ChannelAccountService {
  static readonly kPrivilegePublishMixStream = 1;
  static readonly kPrivilegePublishRawStream = 2;
  readonly type = ServiceType.Streaming;
}

/** FPA (type 4): no fields. */
export class ServiceFpa extends Service {
  static readonly kPrivilegeLogin = 1;
  readonly type = ServiceType.Fpa;
}

/** Chat (type 5): user id ("" for an app token). */
export class ServiceChat extends UserIdService {
  static readonly kPrivilegeUser = 1;
  static readonly kPrivilegeApp = 2;
  readonly type = ServiceType.Chat;
}

/** FCDN (type 6): channel name and account (uid 0 -> ""). */
export class ServiceFcdn extends ChannelAccountService {
  static readonly kPrivilegePublish = 1;
  static readonly kPrivilegePlay = 2;
  readonly type = ServiceType.Fcdn;
}

/** APaaS / Education (type 7): room uuid, user uuid, i16 role (-1 when not given). */
export class ServiceApaas extends Service {
  static readonly PRIVILEGE_ROOM_USER = 1;
  static readonly PRIVILEGE_USER = 2;
  static readonly PRIVILEGE_APP = 3;
  readonly type = ServiceType.Apaas;
  readonly roomUuid: string;
  readonly userUuid: string;
  readonly role: number;

  constructor(roomUuid = '', userUuid = '', role = -1) {
    super();
    this.roomUuid = validatePackableString(roomUuid, 'roomUuid');
    this.userUuid = validatePackableString(userUuid, 'userUuid');
    if (!Number.isInteger(role) || role < -32768 || role > 32767) {
      throw new TokenInputError(
        'ERR_INVALID_ROLE',
        'role',
        'role must be an integer from -32768 to 32767 (-1 = none)',
      );
    }
    this.role = role;
  }

  protected override packFields(w: ByteWriter): void {
    w.str(this.roomUuid).str(this.userUuid).i16(this.role);
  }
}

/** RTM2 (type 8): user id, then resource-level permissions. */
export class ServiceRtm2 extends UserIdService {
  static readonly kPrivilegeLogin = 1;
  readonly type = ServiceType.Rtm2;
  readonly permissions: Rtm2Permissions;

  constructor(userId = '', permissions: Rtm2Permissions = new Rtm2Permissions()) {
    super(userId);
    this.permissions = permissions;
  }

  protected override packFields(w: ByteWriter): void {
    super.packFields(w);
    packRtm2Permissions(w, this.permissions.details);
  }
}

/** Conversational AI (type 9): no privileges, no fields. */
export class ServiceConvoAI extends Service {
  readonly type = ServiceType.ConvoAI;
}

/** Speech-to-text (type 10): no privileges, no fields. */
export class ServiceStt extends Service {
  readonly type = ServiceType.Stt;
}
