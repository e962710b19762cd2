// Headers as the Fetch standard defines them (https://fetch.spec.whatwg.org/#headers-class): names are
// case-insensitive tokens, values are byte strings without NUL/CR/LF and are stored trimmed of HTTP
// whitespace, repeated names combine with ", " except Set-Cookie, and iteration is sorted by name.
// Tested against Node's own Headers (undici) operation by operation in tests/web-primitives.test.ts.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LEADING_TRAILING_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\n\r]/;
const NOT_BYTE = /[^\0-\xff]/;

export type HeadersInitLike = Headers | Iterable<Iterable<unknown>> | Record<string, unknown>;

function byteString(value: unknown, what: string): string {
  if (typeof value === 'symbol') throw new TypeError(`${what}: a Symbol cannot be a header`);
  const s = String(value);
  if (NOT_BYTE.test(s)) throw new TypeError(`${what}: characters above U+00FF cannot be in a header`);
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

export class LiteHeaders {
  /** Lower-case name -> values in the order they were added. */
  #list = new Map<string, string[]>();
  #immutable = false;

  constructor(init?: HeadersInitLike) {
    if (init === undefined) return;
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      throw new TypeError('Headers constructor: init must be a sequence of pairs or a record');
    }
    if (init instanceof LiteHeaders) {
      for (const [name, values] of init.#list) this.#list.set(name, [...values]);
      return;
    }
    const iterator = (init as { [Symbol.iterator]?: unknown })[Symbol.iterator];
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
        const items = [...(pair as Iterable<unknown>)];
        if (items.length !== 2)
          throw new TypeError('Headers constructor: each header must be a [name, value] pair');
        this.append(items[0] as string, items[1] as string);
      }
      return;
    }
    for (const key of Reflect.ownKeys(init)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
      if (descriptor?.enumerable !== true) continue;
      if (typeof key === 'symbol')
        throw new TypeError('Headers constructor: a Symbol cannot be a header name');
      this.append(key, (init as Record<string, unknown>)[key] as string);
    }
  }

  /** Response.error() and Response.redirect() headers cannot change. */
  static freeze(headers: LiteHeaders): void {
    headers.#immutable = true;
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
