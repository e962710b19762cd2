const DIGITS = '0123456789abcdef';

/** Lower-case hex of `bytes[start..end)`. */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    s += DIGITS[b >> 4]! + DIGITS[b & 15]!;
  }
  return s;
}

/** Bytes of an even-length hex string (no validation beyond that; callers validate). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
