// The HMAC-SHA256 seam, Node side (`#hmac` "node" condition): node:crypto's native HMAC. It needs no JIT
// warm-up, which matters on a Lambda cold start that signs one token. Same signature as ./hmac.portable.ts.
import { createHmac } from 'node:crypto';

/** Writes HMAC-SHA256(key, data[start..end)) into `out` at `outOff` (32 bytes). */
export function hmacSha256Into(
  key: Uint8Array,
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): void {
  out.set(createHmac('sha256', key).update(data.subarray(start, end)).digest(), outOff);
}

/** HMAC-SHA256(key, data), a new 32-byte array. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}
