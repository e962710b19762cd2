/** Picks the candidate closest to what was typed, for "did you mean" hints; undefined when none is close. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const wanted = normalise(typed);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const name = normalise(candidate);
    const distance = name.startsWith(wanted) || wanted.startsWith(name) ? 1 : editDistance(wanted, name);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** `--expiresIn`, `--expires_in` and `--EXPIRES-IN` all compare equal to `expires-in`. */
function normalise(s: string): string {
  return s.replace(/^-+/, '').replace(/[-_]/g, '').toLowerCase();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
