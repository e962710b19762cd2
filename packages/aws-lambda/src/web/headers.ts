// Headers as the Fetch standard defines them (https://fetch.spec.whatwg.org/#headers-class): names are
// case-insensitive tokens, values are byte strings without NUL/CR/LF and are stored trimmed of HTTP
// whitespace, repeated names combine with ", " except Set-Cookie, and iteration is sorted by name.
// Tested against Node's own Headers (undici) operation by operation in tests/web-primitives.test.ts.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LEADING_TRAILING_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\n\r]/;
const NOT_BYTE = /[^\0-\xff]/;

export type HeadersInitLike = Headers | Iterable<Iterable<unknown>> | Record<string, unknown>;

/** WebIDL's ByteString conversion: any value but a Symbol, as a string of code units up to 0xFF. */
export function byteString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what}: a Symbol cannot be a byte string`);
  const s = String(value);
  if (NOT_BYTE.test(s)) throw new TypeError(`${what}: characters above U+00FF cannot be in a byte string`);
  return s;
}

function headerName(name: unknown, method: string): string {
  const n = byteString(name, `Headers.${method}`);
  if (!TOKEN.test(n)) throw new TypeError(`Headers.${method}: invalid header name`);
  return n.toLowerCase();
}

function headerValue(value: unknown, method: string): string {
  const v = byteString(value, `Headers.${method}`).replace(LEADING_TRAILING_WHITESPACE, '');
  if (FORBIDDEN_IN_VALUE.test(v)) throw new TypeError(`Headers.${method}: invalid header value`);
  return v;
}

/**
 * A HeadersInit as WebIDL converts it before any step of a constructor runs: a sequence's items become
 * sequences of byte strings (their length is checked when filling), a record its enumerable own properties.
 * Response's constructor converts first, so these TypeErrors come before its status check, as in Node.
 */
export function convertHeadersInit(init: unknown): LiteHeaders | string[][] | undefined {
  if (init === undefined) return undefined;
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError('Headers constructor: init must be a sequence of pairs or a record');
  }
  if (init instanceof LiteHeaders) return init;
  const iterator = (init as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  const pairs: string[][] = [];
  if (iterator !== undefined && iterator !== null) {
    if (typeof iterator !== 'function') throw new TypeError('Headers constructor: init is not iterable');
    for (const pair of init as Iterable<unknown>) {
      if (
        pair === null ||
        typeof pair !== 'object' ||
        typeof (pair as Iterable<unknown>)[Symbol.iterator] !== 'function'
      ) {
        throw new TypeError('Headers constructor: each header must be a [name, value] pair');
      }
      pairs.push(Array.from(pair as Iterable<unknown>, (item) => byteString(item, 'Headers constructor')));
    }
    return pairs;
  }
  for (const key of Reflect.ownKeys(init)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
    if (descriptor?.enumerable !== true) continue;
    if (typeof key === 'symbol') throw new TypeError('Headers constructor: a Symbol cannot be a header name');
    const name = byteString(key, 'Headers constructor');
    pairs.push([name, byteString((init as Record<string, unknown>)[key], 'Headers constructor')]);
  }
  return pairs;
}

export class LiteHeaders {
  /** Lower-case name -> values in the order they were added. */
  #list = new Map<string, string[]>();
  #immutable = false;

  constructor(init?: HeadersInitLike) {
    const converted = convertHeadersInit(init);
    if (converted === undefined) return;
    if (converted instanceof LiteHeaders) {
      // Read as the sequence it iterates, as Node does: combined values, whitespace trimmed again.
      for (const [name, value] of converted.#sorted()) this.append(name, value);
      return;
    }
    for (const pair of converted) {
      if (pair.length !== 2)
        throw new TypeError('Headers constructor: each header must be a [name, value] pair');
      this.append(pair[0]!, pair[1]!);
    }
  }

  /** Response.error() and Response.redirect() headers cannot change. */
  static freeze(headers: LiteHeaders): void {
    headers.#immutable = true;
  }

  /** The same header list and guard, for clone() and a Request made from a Request without new headers. */
  static copy(headers: LiteHeaders): LiteHeaders {
    const copy = new LiteHeaders();
    for (const [name, values] of headers.#list) copy.#list.set(name, [...values]);
    copy.#immutable = headers.#immutable;
    return copy;
  }

  #assertMutable(): void {
    if (this.#immutable) throw new TypeError('Headers are immutable');
  }

  append(name: string, value: string): void {
    const n = headerName(name, 'append');
    const v = headerValue(value, 'append');
    this.#assertMutable();
    const values = this.#list.get(n);
    if (values) values.push(v);
    else this.#list.set(n, [v]);
  }

  set(name: string, value: string): void {
    const n = headerName(name, 'set');
    const v = headerValue(value, 'set');
    this.#assertMutable();
    this.#list.set(n, [v]);
  }

  delete(name: string): void {
    const n = headerName(name, 'delete');
    this.#assertMutable();
    this.#list.delete(n);
  }

  get(name: string): string | null {
    return this.#list.get(headerName(name, 'get'))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.#list.has(headerName(name, 'has'));
  }

  getSetCookie(): string[] {
    return [...(this.#list.get('set-cookie') ?? [])];
  }

  /** The sort-and-combine list the iterators walk. */
  #sorted(): [string, string][] {
    const out: [string, string][] = [];
    for (const name of [...this.#list.keys()].sort()) {
      const values = this.#list.get(name) ?? [];
      if (name === 'set-cookie') for (const v of values) out.push([name, v]);
      else out.push([name, values.join(', ')]);
    }
    return out;
  }

  forEach(callback: (value: string, name: string, headers: this) => void, thisArg?: unknown): void {
    if (typeof callback !== 'function') throw new TypeError('Headers.forEach: callback is not a function');
    for (const [name, value] of this.#sorted()) callback.call(thisArg, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    yield* this.#sorted();
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.#sorted()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.#sorted()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}
