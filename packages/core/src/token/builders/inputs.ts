// Validation shared by the drop-in builders (agora-token returns '' on bad input; these throw).
import { AccessToken2 } from '../access-token2.js';
import { TokenInputError } from '../errors.js';
import type { Service } from '../services/service.js';
import type { BuildOptions } from '../types.js';
import {
  validateAppCertificate,
  validateAppId,
  validateRtmUserId,
  validateSeconds,
  validateUid,
  validateUserAccount,
} from '../validate.js';

export interface Credentials {
  appId: string;
  appCertificate: string;
}

export function credentials(appId: unknown, appCertificate: unknown): Credentials {
  return {
    appId: validateAppId(appId, 'appId'),
    appCertificate: validateAppCertificate(appCertificate, 'appCertificate'),
  };
}

/** Whole-token lifetime in seconds from now: 1..86400. */
export function tokenExpire(v: unknown, field = 'tokenExpire'): number {
  return validateSeconds(v, field, 1);
}

/** A privilege lifetime in seconds from now: 0..86400 (0 = as long as the token). */
export function privilegeExpire(v: unknown, field: string): number {
  return validateSeconds(v, field, 0);
}

/** RTC uid (number, 0 = any) or user account (string), as agora-token accepts either. */
export function rtcUser(v: unknown, field: string): number | string {
  return typeof v === 'number' ? validateUid(v, field) : validateUserAccount(v, field);
}

/** RTM/Chat user id: a string, or a number taken in its decimal form. */
export function userId(v: unknown, field = 'userId'): string {
  return validateRtmUserId(typeof v === 'number' ? String(v) : v, field);
}

/**
 * The roles are typed `number`, as agora-token types them: with literal types, `let role =
 * RtcRole.PUBLISHER` would be typed 1 and a later `role = RtcRole.SUBSCRIBER` would not compile.
 */
export const RtcRole: {
  /** Join and publish audio, video and data. */
  readonly PUBLISHER: number;
  /** Join only (takes effect only where co-host authentication is enabled). */
  readonly SUBSCRIBER: number;
} = { PUBLISHER: 1, SUBSCRIBER: 2 };
export type RtcRoleValue = 1 | 2;

export function rtcRole(v: unknown, field = 'role'): RtcRoleValue {
  if (v !== 1 && v !== 2) {
    throw new TokenInputError(
      'ERR_INVALID_ROLE',
      field,
      `${field} must be RtcRole.PUBLISHER (1) or RtcRole.SUBSCRIBER (2), got ${typeof v === 'number' ? v : typeof v}`,
    );
  }
  return v;
}

/**
 * What every drop-in builder does: checks the credentials, then the token lifetime (`expire`, called
 * `expireField` in errors), then makes one token of the services `services` returns for that lifetime.
 */
export function dropInToken(
  appId: unknown,
  appCertificate: unknown,
  expire: unknown,
  expireField: string,
  options: BuildOptions | undefined,
  services: (expire: number) => readonly Service[],
): string {
  const c = credentials(appId, appCertificate);
  const t = tokenExpire(expire, expireField);
  const token = new AccessToken2(c.appId, c.appCertificate, t, options);
  for (const service of services(t)) token.addService(service);
  return token.build();
}

export type { BuildOptions };
