// Little-endian writer and reader for the token wire format: u16/u32/i16, strings as u16 length + UTF-8.
import { TokenFormatError } from '../errors.js';
import { utf8Decode, utf8Length, writeUtf8 } from './utf8.js';

export class ByteWriter {
  buf: Uint8Array;
  pos: number;

  /** `start` bytes at the front are left free for a header the caller fills in later. */
  constructor(capacity = 256, start = 0) {
    this.buf = new Uint8Array(capacity);
    this.pos = start;
  }

  private grow(extra: number): void {
    const need = this.pos + extra;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u16(v: number): this {
    if (this.pos + 2 > this.buf.length) this.grow(2);
    const b = this.buf;
    b[this.pos++] = v;
    b[this.pos++] = v >>> 8;
    return this;
  }

  u32(v: number): this {
    if (this.pos + 4 > this.buf.length) this.grow(4);
    const b = this.buf;
    b[this.pos++] = v;
    b[this.pos++] = v >>> 8;
    b[this.pos++] = v >>> 16;
    b[this.pos++] = v >>> 24;
    return this;
  }

  i16(v: number): this {
    return this.u16(v & 0xffff);
  }

  /** u16 byte length, then the UTF-8 bytes (callers ensure the length fits; see assertPackable). */
  str(s: string): this {
    const n = utf8Length(s);
    if (this.pos + 2 + n > this.buf.length) this.grow(2 + n);
    const b = this.buf;
    b[this.pos++] = n;
    b[this.pos++] = n >>> 8;
    this.pos = writeUtf8(s, b, this.pos);
    return this;
  }

  /** u16 length, then the bytes. */
  bytes(v: Uint8Array): this {
    if (this.pos + 2 + v.length > this.buf.length) this.grow(2 + v.length);
    this.buf[this.pos++] = v.length;
    this.buf[this.pos++] = v.length >>> 8;
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** Reserves room for `n` more bytes so the caller can write into `buf` directly. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }
}

function truncated(): never {
  throw new TokenFormatError('ERR_TOKEN_TRUNCATED', 'token payload ends before a field it announces');
}

export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u16(): number {
    if (this.pos + 2 > this.end) truncated();
    const b = this.buf;
    const v = b[this.pos]! | (b[this.pos + 1]! << 8);
    this.pos += 2;
    return v;
  }

  u32(): number {
    if (this.pos + 4 > this.end) truncated();
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  /** u16-length-prefixed bytes, as a view (no copy). */
  bytes(): Uint8Array {
    const n = this.u16();
    if (this.pos + n > this.end) truncated();
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  str(): string {
    const n = this.u16();
    if (this.pos + n > this.end) truncated();
    const s = utf8Decode(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}
