/**
 * Text that came out of a token, made safe for a terminal: printable ASCII is shown as is, anything
 * else (escape sequences, control characters, non-ASCII) as a JSON string literal.
 */
export function safeText(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : JSON.stringify(value);
}

/** A value that came out of a token, quoted: strings as JSON literals, the rest as compact JSON. */
export function quotedValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value, jsonReplacer) ?? String(value);
}

/** JSON.stringify replacer for decoder output: Maps as objects, bytes as hex, bigints as strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Uint8Array) return [...value].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (typeof value === 'bigint') return value.toString();
  return value;
}
