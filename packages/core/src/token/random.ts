import { fillRandom } from '#crypto';
import { SALT_MAX } from './constants.js';

let pool: Uint32Array<ArrayBuffer> | undefined;
let next = 0;

// Largest multiple of SALT_MAX below 2^32: values at or above it are redrawn, so every salt is equally likely.
const LIMIT = Math.floor(0x100000000 / SALT_MAX) * SALT_MAX;

/** A cryptographically random salt in [1, 99999999] (the #crypto seam's random values, drawn 64 at a time). */
export function randomSalt(): number {
  for (;;) {
    if (!pool || next >= pool.length) {
      pool ??= new Uint32Array(64);
      fillRandom(pool);
      next = 0;
    }
    const v = pool[next++]!;
    if (v < LIMIT) return (v % SALT_MAX) + 1;
  }
}

/** Current unix time in whole seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
