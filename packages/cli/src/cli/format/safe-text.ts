import { toHex } from '@tokenfn/core';
/**
 * Text that came out of a token, made safe for a terminal: printable ASCII is shown as is, anything
 * else as a JSON string literal in pure ASCII (see asciiJson).
 */
export function safeText(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : asciiJson(JSON.stringify(value));
}

/** A value that came out of a token, quoted: strings as JSON literals, the rest as compact JSON (ASCII only). */
export function quotedValue(value: unknown): string {
  if (typeof value === 'string') return asciiJson(JSON.stringify(value));
  return asciiJson(JSON.stringify(value, jsonReplacer) ?? String(value));
}

/**
 * JSON text with every character outside printable ASCII written as a \uXXXX escape. JSON.stringify
 * escapes only C0 controls: DEL, C1 controls (U+009B starts a terminal escape sequence) and bidi
 * overrides (U+202E) from a hostile token would reach the terminal as they are. Still valid JSON, with
 * the same value.
 */
export function asciiJson(json: string): string {
  return json.replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify replacer for decoder output: Maps as objects, bytes as hex, bigints as strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Uint8Array) return toHex(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
