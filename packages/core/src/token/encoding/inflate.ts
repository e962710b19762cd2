// A small synchronous DEFLATE decoder (RFC 1951), in the manner of zlib's "puff": canonical Huffman
// codes decoded from per-length counts. Tokens are a few hundred bytes, so clarity beats tables here.
// Every malformed input ends in a TokenFormatError('ERR_TOKEN_ZLIB'); output is capped.
import { TokenFormatError } from '../errors.js';

const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;

function fail(message: string): never {
  throw new TokenFormatError('ERR_TOKEN_ZLIB', `token body is not a valid zlib stream (${message})`);
}

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
  /** Indexed by the next FAST_BITS input bits: (symbol << 4) | code length, or 0 for a longer code. */
  fast: Int32Array;
}

const FAST_BITS = 9;
const FAST_MASK = (1 << FAST_BITS) - 1;

/** Builds a canonical code from code lengths; rejects over-subscribed sets, and incomplete ones unless allowed. */
function buildHuffman(lengths: Uint8Array, n: number, allowIncomplete: boolean): Huffman {
  const count = new Uint16Array(MAX_BITS + 1);
  const symbol = new Uint16Array(n);
  const fast = new Int32Array(1 << FAST_BITS);
  for (let s = 0; s < n; s++) count[lengths[s]!]!++;
  if (count[0] === n) return { count, symbol, fast };
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left <<= 1;
    left -= count[len]!;
    if (left < 0) fail('over-subscribed code');
  }
  if (left > 0 && !allowIncomplete) fail('incomplete code');
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len]! + count[len]!;
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]!]!++] = s;
  // Canonical codes in (length, symbol) order; DEFLATE sends them most significant bit first, and the
  // reader collects bits least significant first, so each short code fills every table slot whose low
  // bits are its reversed code.
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    for (let k = 0; k < count[len]!; k++, code++, index++) {
      let rev = 0;
      for (let b = 0; b < len; b++) rev |= ((code >> b) & 1) << (len - 1 - b);
      const entry = (symbol[index]! << 4) | len;
      for (let j = rev; j < 1 << FAST_BITS; j += 1 << len) fast[j] = entry;
    }
    code <<= 1;
  }
  return { count, symbol, fast };
}

let fixed: { lit: Huffman; dist: Huffman } | undefined;

function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (fixed) return fixed;
  const l = new Uint8Array(288);
  l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  const d = new Uint8Array(30).fill(5);
  fixed = { lit: buildHuffman(l, 288, false), dist: buildHuffman(d, 30, true) };
  return fixed;
}

class Inflater {
  private pos: number;
  private bitBuf = 0;
  private bitCnt = 0;
  out: Uint8Array;
  outLen = 0;

  constructor(
    private readonly src: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly maxOut: number,
  ) {
    this.pos = start;
    this.out = new Uint8Array(Math.min(maxOut, Math.max(256, (end - start) * 4)));
  }

  /** The byte-aligned input position: whole bytes read ahead into the bit buffer are given back. */
  get position(): number {
    return this.pos - (this.bitCnt >> 3);
  }

  private bits(need: number): number {
    let val = this.bitBuf;
    while (this.bitCnt < need) {
      if (this.pos >= this.end) fail('unexpected end of data');
      val |= this.src[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
    this.bitBuf = val >>> need;
    this.bitCnt -= need;
    return val & ((1 << need) - 1);
  }

  private ensure(extra: number): void {
    const need = this.outLen + extra;
    if (need <= this.out.length) return;
    if (need > this.maxOut) {
      throw new TokenFormatError('ERR_TOKEN_TOO_LARGE', `token inflates to more than ${this.maxOut} bytes`);
    }
    const grown = new Uint8Array(Math.min(this.maxOut, Math.max(need, this.out.length * 2)));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  private decode(h: Huffman): number {
    // Fast path: peek FAST_BITS bits (zero-padded past the end of input) and look the code up.
    while (this.bitCnt < FAST_BITS && this.pos < this.end) {
      this.bitBuf |= this.src[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
    const entry = h.fast[this.bitBuf & FAST_MASK]!;
    if (entry !== 0) {
      const len = entry & 15;
      if (len > this.bitCnt) fail('unexpected end of data');
      this.bitBuf >>>= len;
      this.bitCnt -= len;
      return entry >> 4;
    }
    return this.decodeSlow(h);
  }

  /** Bit-by-bit canonical decoding, for codes longer than FAST_BITS. */
  private decodeSlow(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.count[len]!;
      if (code - count < first) return h.symbol[index + (code - first)]!;
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    return fail('invalid Huffman code');
  }

  private stored(): void {
    this.pos -= this.bitCnt >> 3;
    this.bitBuf = 0;
    this.bitCnt = 0;
    if (this.pos + 4 > this.end) fail('unexpected end of data');
    const s = this.src;
    const len = s[this.pos]! | (s[this.pos + 1]! << 8);
    const nlen = s[this.pos + 2]! | (s[this.pos + 3]! << 8);
    this.pos += 4;
    if (len !== (~nlen & 0xffff)) fail('stored block length check');
    if (this.pos + len > this.end) fail('unexpected end of data');
    this.ensure(len);
    this.out.set(s.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private codes(lit: Huffman, dist: Huffman): void {
    for (;;) {
      let sym = this.decode(lit);
      if (sym < 256) {
        this.ensure(1);
        this.out[this.outLen++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        sym -= 257;
        if (sym >= 29) fail('invalid length symbol');
        const len = LEN_BASE[sym]! + this.bits(LEN_EXTRA[sym]!);
        const ds = this.decode(dist);
        if (ds >= 30) fail('invalid distance symbol');
        const d = DIST_BASE[ds]! + this.bits(DIST_EXTRA[ds]!);
        if (d > this.outLen) fail('distance too far back');
        this.ensure(len);
        const o = this.out;
        let p = this.outLen;
        for (let i = 0; i < len; i++, p++) o[p] = o[p - d]!;
        this.outLen = p;
      }
    }
  }

  private dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) fail('bad code counts');
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]!] = this.bits(3);
    const lencode = buildHuffman(lengths, 19, false);
    lengths.fill(0);
    let i = 0;
    while (i < nlen + ndist) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let len = 0;
      let rep: number;
      if (sym === 16) {
        if (i === 0) fail('repeat with no first length');
        len = lengths[i - 1]!;
        rep = 3 + this.bits(2);
      } else if (sym === 17) rep = 3 + this.bits(3);
      else rep = 11 + this.bits(7);
      if (i + rep > nlen + ndist) fail('too many lengths');
      while (rep--) lengths[i++] = len;
    }
    if (lengths[256] === 0) fail('no end-of-block code');
    const lit = buildHuffman(lengths.subarray(0, nlen), nlen, false);
    const dist = buildHuffman(lengths.subarray(nlen, nlen + ndist), ndist, true);
    this.codes(lit, dist);
  }

  run(): void {
    let last: number;
    do {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) {
        const f = fixedCodes();
        this.codes(f.lit, f.dist);
      } else if (type === 2) this.dynamic();
      else fail('invalid block type');
    } while (!last);
  }
}

/**
 * Inflates the raw DEFLATE data in `src[start..end)`. Returns the output and the position just after
 * the last block (the byte-aligned start of what follows, e.g. zlib's Adler-32).
 */
export function inflateRaw(
  src: Uint8Array,
  start: number,
  end: number,
  maxOut: number,
): { data: Uint8Array; next: number } {
  const inf = new Inflater(src, start, end, maxOut);
  inf.run();
  return { data: inf.out.subarray(0, inf.outLen), next: inf.position };
}
