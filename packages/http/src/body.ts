// Reading a request body: JSON only, at most maxBytes actually read, parsed and checked against a schema.
import * as v from 'valibot';
import type { FieldError } from './problem.js';
import { problems } from './problem.js';

function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads at most `maxBytes` of the body; more is a 413 whatever Content-Length said. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw problems.tooLarge(maxBytes);
  }
  if (declared !== null && /^\d+$/.test(declared)) {
    // Framed by Content-Length (HTTP/1.1, API Gateway, workerd): the runtime delivers exactly that many
    // bytes, at most maxBytes here; count what actually arrived anyway.
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw problems.tooLarge(maxBytes);
    return bytes;
  }
  // No length given (chunked): read the stream and stop at maxBytes + 1.
  const body = request.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw problems.tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A JSON object body: 415 if not JSON, 413 if too large, 400 if not parseable or not an object. */
export async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    await request.body?.cancel().catch(() => {});
    throw problems.unsupportedMediaType();
  }
  const bytes = await readBodyBytes(request, maxBytes);
  let text: string;
  try {
    text = decoder.decode(bytes);
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
    const unknownField = issue.type === 'strict_object' && issue.expected === 'never';
    const message = unknownField ? 'is not a known field' : issue.message;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: safeFieldPath(path), message });
  }
  return out;
}

/** Field paths come from the caller's keys: keep them short and printable. */
function safeFieldPath(path: string): string {
  const p = path.length > 64 ? `${path.slice(0, 64)}…` : path;
  return p.replace(/[^\x20-\x7e…]/g, '?');
}

export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!r.success) throw problems.invalidFields(issuesToFieldErrors(r.issues));
  return r.output;
}
