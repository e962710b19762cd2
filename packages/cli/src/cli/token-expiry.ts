import type { decodeToken } from '@tokenfn/core';
import { privilegeEntries } from './format/privilege-names';

export type DecodedToken = ReturnType<typeof decodeToken>;

const JOIN_CHANNEL = 1;
const RTM_LOGIN_006 = 1000;

/**
 * When a decoded token stops working, in unix seconds; undefined when it carries no expiry.
 * 007: issue time + expire. 006 has only absolute per-privilege times: join channel (or RTM login for
 * an RTM token) decides; otherwise the latest privilege; 0 means "no expiry".
 */
export function tokenExpiresAt(decoded: DecodedToken): number | undefined {
  if (decoded.version === '007') return decoded.issueTs + decoded.expire;
  const privileges = new Map(privilegeEntries(decoded.privileges));
  const decisive = privileges.get(JOIN_CHANNEL) ?? privileges.get(RTM_LOGIN_006);
  if (decisive !== undefined) return decisive === 0 ? undefined : decisive;
  const times = [...privileges.values()].filter((t) => t > 0);
  return times.length === 0 ? undefined : Math.max(...times);
}
