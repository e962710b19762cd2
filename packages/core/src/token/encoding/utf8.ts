import { TokenInputError } from '../errors.js';

/** Number of bytes `s` takes in UTF-8 (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder does). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Writes `s` as UTF-8 into `out` at `off` (caller made room with utf8Length); returns the new offset. */
export function writeUtf8(s: string, out: Uint8Array, off: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[off++] = c;
      continue;
    }
    if (c < 0x800) {
      out[off++] = 0xc0 | (c >> 6);
      out[off++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[off++] = 0xf0 | (c >> 18);
        out[off++] = 0x80 | ((c >> 12) & 63);
        out[off++] = 0x80 | ((c >> 6) & 63);
        out[off++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd;
    }
    out[off++] = 0xe0 | (c >> 12);
    out[off++] = 0x80 | ((c >> 6) & 63);
    out[off++] = 0x80 | (c & 63);
  }
  return off;
}

export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  writeUtf8(s, out, 0);
  return out;
}

let decoder: TextDecoder | undefined;

/** Decodes UTF-8 leniently (invalid sequences become U+FFFD), like the official parsers. */
export function utf8Decode(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii && end - start < 1024) {
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  // ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark to drop
  decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
  return decoder.decode(bytes.subarray(start, end));
}

/** Requires a string whose UTF-8 form fits a u16 length prefix. */
export function assertPackable(s: string, field: string): void {
  if (s.length > 0x5555 && utf8Length(s) > 0xffff) {
    throw new TokenInputError('ERR_STRING_TOO_LONG', field, `${field} is longer than 65535 bytes in UTF-8`);
  }
}
