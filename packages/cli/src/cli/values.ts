import { MAX_EXPIRE_SECONDS, MAX_UID, parseDecimalU32, type RtcRoleName } from '@tokenfn/core';
import { UsageError } from './errors';

export const DEFAULT_EXPIRES_IN = 3600;

/**
 * `--uid`: a decimal integer 0..2^32-1 (0 lets any user join). `own`: the uid of an agent or bot, which
 * joins as itself: 1..2^32-1.
 */
export function parseUid(text: string, own = false): number {
  const uid = parseDecimalU32(text);
  if (uid === undefined || (own && uid === 0)) {
    throw new UsageError(
      own
        ? `--uid must be the agent's own uid, an integer from 1 to ${MAX_UID}; use --account for a string user account`
        : `--uid must be an integer from 0 to ${MAX_UID} (0 lets any user join); use --account for a string user account`,
    );
  }
  return uid;
}

/** `90`, `90s`, `10m`, `2h`, `1h30m`, `1h30m15s`: seconds, or undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  // Any length: a millisecond timestamp or a run of digits is refused as too long, not as no number.
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,8})s)?$/.exec(t);
  if (!m || t === '') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/**
 * `--expires-in`: seconds from now, 1..86400, optionally written with units (90s, 10m, 2h, 1h30m).
 * Passing a unix timestamp instead is the most common mistake, so the message says so.
 */
export function parseExpiresIn(text: string | undefined): number {
  if (text === undefined) return DEFAULT_EXPIRES_IN;
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    throw new UsageError(
      '--expires-in must be a number of seconds from now (or with units: 90s, 10m, 2h, 1h30m)',
    );
  }
  if (seconds < 1) throw new UsageError('--expires-in must be at least 1 second');
  if (seconds > MAX_EXPIRE_SECONDS) {
    // 10 digits: a unix timestamp in seconds; 13: one in milliseconds (Date.now()).
    const digits = text.trim();
    const looksLikeTimestamp = /^\d+$/.test(digits) && seconds > 1_000_000_000 && seconds < 1e14;
    throw new UsageError(
      `--expires-in is at most ${MAX_EXPIRE_SECONDS} (24 hours): it is seconds from now, not a unix timestamp` +
        (looksLikeTimestamp ? ` (${digits} looks like a unix timestamp)` : ''),
    );
  }
  return seconds;
}

export function parseRole(text: string | undefined, fallback: RtcRoleName): RtcRoleName {
  if (text === undefined) return fallback;
  if (text === 'publisher' || text === 'subscriber') return text;
  throw new UsageError("--role must be 'publisher' or 'subscriber'");
}
