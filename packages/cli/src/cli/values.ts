import { MAX_EXPIRE_SECONDS, MAX_UID, parseDecimalU32, type RtcRoleName } from '@tokenfn/core';
import { UsageError } from './errors';

export const DEFAULT_EXPIRES_IN = 3600;
const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

/** `--uid`: a decimal integer 0..2^32-1 (0 lets any user join). */
export function parseUid(text: string): number {
  const uid = parseDecimalU32(text);
  if (uid === undefined) {
    throw new UsageError(
      `--uid must be an integer from 0 to ${MAX_UID} (0 lets any user join); use --account for a string user account`,
    );
  }
  return uid;
}

/**
 * `--expires-in`: seconds from now, 1..86400, optionally written with a unit (90s, 10m, 2h).
 * Passing a unix timestamp instead is the most common mistake, so the message says so.
 */
export function parseExpiresIn(text: string | undefined): number {
  if (text === undefined) return DEFAULT_EXPIRES_IN;
  const match = /^(\d{1,12})([smh]?)$/.exec(text.trim());
  if (!match) {
    throw new UsageError('--expires-in must be a number of seconds from now (or with a unit: 90s, 10m, 2h)');
  }
  const seconds = Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? 1);
  if (seconds < 1) throw new UsageError('--expires-in must be at least 1 second');
  if (seconds > MAX_EXPIRE_SECONDS) {
    const looksLikeTimestamp = seconds > 1_000_000_000;
    throw new UsageError(
      `--expires-in is at most ${MAX_EXPIRE_SECONDS} (24 hours): it is seconds from now, not a unix timestamp` +
        (looksLikeTimestamp ? ` (${seconds} looks like a unix timestamp)` : ''),
    );
  }
  return seconds;
}

export function parseRole(text: string | undefined, fallback: RtcRoleName): RtcRoleName {
  if (text === undefined) return fallback;
  if (text === 'publisher' || text === 'subscriber') return text;
  throw new UsageError("--role must be 'publisher' or 'subscriber'");
}
