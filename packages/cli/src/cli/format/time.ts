/** Unix seconds as an ISO 8601 UTC date without milliseconds: 2026-11-28T02:56:35Z. */
export function isoDate(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? `unix ${unixSeconds}` : date.toISOString().replace('.000Z', 'Z');
}

/** A duration in seconds, in at most two units: 45s, 9m, 2h 5m, 3d 4h. Rounds down. */
export function shortDuration(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return twoUnits(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return twoUnits(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
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
