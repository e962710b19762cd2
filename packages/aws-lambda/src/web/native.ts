// Node's own Headers, Request and Response, reachable after ./install has put the lite ones in their place.
// Node defines them as lazy globals: the first read loads its fetch implementation (undici) and redefines
// the global with the loaded class, so after reading one the lite class is put back.

const NAMES = ['Headers', 'Request', 'Response'] as const;
type Name = (typeof NAMES)[number];

const original = new Map<Name, PropertyDescriptor | undefined>(
  NAMES.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]),
);
const installed = new Map<Name, unknown>();

function load<T>(name: Name): T {
  const descriptor = original.get(name);
  if (!descriptor) throw new TypeError(`This runtime has no ${name}`);
  const value = descriptor.get ? descriptor.get.call(globalThis) : descriptor.value;
  const replacement = installed.get(name);
  if (replacement !== undefined && (globalThis as Record<string, unknown>)[name] !== replacement) {
    define(name, replacement);
  }
  return value as T;
}

function define(name: Name, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

export const nativeResponse = (): typeof Response => load<typeof Response>('Response');

/** Makes `value` the global `name`, remembering the runtime's own for nativeResponse(). */
export function installGlobal(name: Name, value: unknown): void {
  installed.set(name, value);
  define(name, value);
}
