export { isoDate } from '@tokenfn/core';

/**
 * A duration in seconds, in at most two units, rounded to the nearest of the smallest unit shown: 45s,
 * 10m (for 9m 50s), 2h 5m, 1h (for 59m 40s), 3d 4h.
 */
export function shortDuration(totalSeconds: number): string {
  const s = Math.round(Math.abs(totalSeconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes}m`;
  if (s < 86400 - 1800) return twoUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'm');
  const hours = Math.round(s / 3600);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function twoUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}

/** "expires in 9m" / "expired 3h ago". */
export function expiryPhrase(expiresAt: number, now: number): string {
  return expiresAt > now
    ? `expires in ${shortDuration(expiresAt - now)}`
    : `expired ${shortDuration(now - expiresAt)} ago`;
}

/** "2m ago" / "in 5m" (an issue time in the future means the issuer's clock is ahead). */
export function relativePhrase(at: number, now: number): string {
  return at > now ? `in ${shortDuration(at - now)}` : `${shortDuration(now - at)} ago`;
}
