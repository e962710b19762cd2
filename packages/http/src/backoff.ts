// Bounded exponential back-off, for anything the app retries behind requests (the credential store, the
// JWKS endpoint): the first wait after one failure, doubling with each further failure, never past a cap.

/** The wait after `failures` consecutive failures (1 or more): `firstMs`, doubled each time, at most `maxMs`. */
export function backoffMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
}
