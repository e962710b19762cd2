// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as the 006 format uses for channel and uid.
import { utf8Encode } from '../encoding/utf8.js';

let table: Int32Array | undefined;

function crcTable(): Int32Array {
  if (table) return table;
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  table = t;
  return t;
}

/** CRC-32 of bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  const t = crcTable();
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** CRC-32 of the UTF-8 bytes of a string. */
export function crc32String(s: string): number {
  return crc32(utf8Encode(s));
}
