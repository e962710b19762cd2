// Times on the page: absolute in UTC and in the reader's time zone, relative to the page's clock, to the
// second (the relative times tick).

export { isoDate } from '@tokenfn/core';

/**
 * A duration in at most two units, exact to the second below an hour: 45 s, 59 min 59 s, 2 h 5 min,
 * 3 d 4 h.
 */
export function duration(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return twoUnits(Math.floor(s / 60), 'min', s % 60, 's');
  if (s < 86400) return twoUnits(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min');
  return twoUnits(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

function twoUnits(a: number, unitA: string, b: number, unitB: string): string {
  return b === 0 ? `${a} ${unitA}` : `${a} ${unitA} ${b} ${unitB}`;
}

/** `at` seen from `now` (both unix seconds): "in 59 min 12 s", "3 h 2 min ago", "now". */
export function relative(at: number, now: number): string {
  const delta = at - now;
  if (delta === 0) return 'now';
  return delta > 0 ? `in ${duration(delta)}` : `${duration(delta)} ago`;
}
