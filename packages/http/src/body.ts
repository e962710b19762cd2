// Reading a request body: JSON only, at most maxBytes, parsed and checked against a schema.
import * as v from 'valibot';
import type { HttpExchangeRequest } from './exchange.js';
import type { FieldError } from './problem.js';
import { problems } from './problem.js';

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Unknown fields named in one answer; a body of thousands of keys must not get a large answer. */
const MAX_UNKNOWN_NAMED = 10;

const EMPTY = new Uint8Array(0);

// A body is decoded leniently first: in workerd the fatal decoder costs about 10 µs more per small body
// than the lenient one (measured there on the 90-byte body of a token request). The lenient text holds U+FFFD
// wherever the bytes were not UTF-8, so only a text with a U+FFFD in it (malformed, or an encoded U+FFFD)
// is decoded again, strictly, to tell the two apart. Both strip a leading BOM alike.
const lenient = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 text of `bytes`; throws a TypeError when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string {
  const text = lenient.decode(bytes);
  if (text.includes('\uFFFD')) strict.decode(bytes);
  return text;
}

/** A JSON object body: 415 if not JSON, 413 if too large, 400 if not parseable or not an object. */
export function readJsonObject(request: HttpExchangeRequest, maxBytes: number): Record<string, unknown> {
  if (!isJsonMediaType(request.headers['content-type'])) throw problems.unsupportedMediaType();
  const bytes = request.body ?? EMPTY;
  if (bytes.byteLength > maxBytes) throw problems.tooLarge(maxBytes);
  let text: string;
  try {
    text = utf8Text(bytes);
  } catch {
    throw problems.invalidJson('The request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problems.invalidJson();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw problems.invalidFields([{ path: '', message: 'the body must be a JSON object' }]);
  }
  return parsed as Record<string, unknown>;
}

/** Valibot issues as field errors: `path` is the dotted field name, `message` says what is allowed. */
export function issuesToFieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
    const objectIssue = issue.type === 'strict_object' || issue.type === 'object';
    const unknownField = objectIssue && issue.expected === 'never';
    // a key the object needs and the body lacks: the object's issue, at the key, with nothing received
    const missing = objectIssue && !unknownField && issue.input === undefined && path !== '';
    const message = unknownField
      ? 'is not a known field'
      : missing
        ? 'is required'
        : withoutField(issue.message, path);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: safeFieldPath(path), message });
  }
  return out;
}

/**
 * A message that starts with its own field's name (`rtm: …`, `userId must …`), or with its whole path
 * (`rtm.userId must …`, as the token library names a nested field), says it once.
 */
export function withoutField(message: string, path: string): string {
  const last = path.split('.').pop() ?? '';
  if (last === '') return message;
  for (const lead of [`${path}: `, `${path} `, `${last}: `, `${last} `]) {
    if (message.startsWith(lead)) return message.slice(lead.length);
  }
  return message;
}

/** Field paths come from the caller's keys: keep them short and printable. */
function safeFieldPath(path: string): string {
  const p = path.length > 64 ? `${path.slice(0, 64)}…` : path;
  return p.replace(/[^\x20-\x7e…]/g, '?');
}

export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input, { abortPipeEarly: true });
  if (r.success) return r.output;
  const errors = issuesToFieldErrors(r.issues);
  // valibot stops at the first unknown key of a strict object; the caller should hear of all of them
  const entries = (schema as { entries?: Record<string, unknown> }).entries;
  if (entries && typeof input === 'object' && input !== null) {
    const unknown = Object.keys(input).filter((key) => !Object.hasOwn(entries, key));
    const named = new Set(errors.map((e) => e.path));
    for (const key of unknown.slice(0, MAX_UNKNOWN_NAMED)) {
      const path = safeFieldPath(key);
      if (!named.has(path)) errors.push({ path, message: 'is not a known field' });
    }
    if (unknown.length > MAX_UNKNOWN_NAMED) {
      errors.push({ path: '', message: `and ${unknown.length - MAX_UNKNOWN_NAMED} more unknown fields` });
    }
  }
  throw problems.invalidFields(errors);
}
