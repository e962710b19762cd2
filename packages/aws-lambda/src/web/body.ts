// The Fetch standard's Body mixin for LiteRequest and LiteResponse: a body is held as bytes and becomes a
// ReadableStream only when `.body` is read, so answering a request never loads Node's web-streams code.
// A FormData body (the BodyInit kind that is not bytes, text, URLSearchParams, Blob or ReadableStream),
// formData(), and blob() under a Content-Type that is more than a lower-case type/subtype are handed to
// Node's own Response, which is loaded then and only then.
import * as nodeStream from 'node:stream';
import { nativeResponse } from './native';

type Source = Uint8Array | ReadableStream<Uint8Array>;

// Node's test for "a read was attempted" (documented since Node 16.8; not in every @types/node).
const isDisturbed = (nodeStream as unknown as { isDisturbed: (stream: unknown) => boolean }).isDisturbed;

export interface ExtractedBody {
  source: Source;
  /** The Content-Type the body implies, set when the headers have none. */
  type: string | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder(); // UTF-8, replacement characters, a leading BOM dropped: as the standard says

const tag = (value: object) => Object.prototype.toString.call(value);

export function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof value === 'object' && value !== null && tag(value) === '[object ReadableStream]';
}

/** https://fetch.spec.whatwg.org/#concept-bodyinit-extract, for every BodyInit a server uses. */
export function extractBody(body: unknown): ExtractedBody {
  if (typeof body === 'string') return { source: encoder.encode(body), type: 'text/plain;charset=UTF-8' };
  if (typeof body !== 'object' || body === null) {
    if (typeof body === 'symbol') throw new TypeError('A Symbol cannot be a body');
    return { source: encoder.encode(String(body)), type: 'text/plain;charset=UTF-8' };
  }
  if (body instanceof URLSearchParams) {
    return {
      source: encoder.encode(body.toString()),
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  if (body instanceof ArrayBuffer) return { source: new Uint8Array(body.slice(0)), type: null };
  if (ArrayBuffer.isView(body)) {
    return { source: new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice(), type: null };
  }
  if (isReadableStream(body)) {
    if (body.locked || isDisturbed(body)) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    return { source: body, type: null };
  }
  if (body instanceof Blob)
    return { source: body.stream() as ReadableStream<Uint8Array>, type: body.type || null };
  if (tag(body) === '[object FormData]') {
    const native = new (nativeResponse())(body as FormData);
    return { source: native.body as ReadableStream<Uint8Array>, type: native.headers.get('content-type') };
  }
  return { source: encoder.encode(String(body)), type: 'text/plain;charset=UTF-8' };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks, total);
    if (!(value instanceof Uint8Array)) {
      await reader.cancel().catch(() => {});
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    total += value.byteLength;
  }
}

// A Content-Type that is its own MIME type serialisation: lower-case type/subtype, no parameters.
const PLAIN_MIME_TYPE = /^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/;

export abstract class LiteBody {
  #source: Source | null;
  /** Read through arrayBuffer()/text()/...; a stream's reads show in isDisturbed. */
  #consumed = false;

  protected constructor(source: Source | null) {
    this.#source = source;
  }

  abstract get headers(): Headers;

  protected hasBody(): boolean {
    return this.#source !== null;
  }

  get body(): ReadableStream<Uint8Array> | null {
    const source = this.#source;
    if (source === null || isReadableStream(source)) return source;
    // First look at the stream: made now from the bytes. If they were already read, it is what a read leaves
    // behind (disturbed, locked, empty), so that it cannot be the body of another Request or Response.
    const bytes = this.#consumed ? new Uint8Array(0) : source;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength) controller.enqueue(bytes.slice());
        controller.close();
      },
    });
    if (this.#consumed) void stream.getReader().read();
    this.#source = stream;
    return stream;
  }

  get bodyUsed(): boolean {
    const source = this.#source;
    if (source === null) return false;
    return this.#consumed || (isReadableStream(source) && isDisturbed(source));
  }

  /** The body's bytes; the body is used afterwards. A null body reads as no bytes and stays unused. */
  protected async consumeBody(): Promise<Uint8Array> {
    const source = this.#source;
    if (source === null) return new Uint8Array(0);
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    if (isReadableStream(source) && source.locked) throw new TypeError('Body is unusable: Body is locked');
    this.#consumed = true;
    return isReadableStream(source) ? readAll(source) : source;
  }

  /** For clone(): the same bytes, or one branch of a tee (this body keeps the other). */
  protected cloneSource(): Source | null {
    const source = this.#source;
    if (source === null) return null;
    if (this.bodyUsed || (isReadableStream(source) && source.locked)) {
      throw new TypeError('Body has already been consumed.');
    }
    if (!isReadableStream(source)) return source;
    const [mine, theirs] = source.tee();
    this.#source = mine;
    return theirs;
  }

  /** For new Request(request): the body moves to the new object; this one reads as used. */
  protected takeSource(): Source | null {
    const source = this.#source;
    if (source === null) return null;
    if (this.bodyUsed || (isReadableStream(source) && source.locked)) {
      throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
    }
    this.#consumed = true;
    return source;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.consumeBody();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async text(): Promise<string> {
    return decoder.decode(await this.consumeBody());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** The Blob's type is the body's MIME type; one with parameters or needing parsing is Node's to work out. */
  async blob(): Promise<Blob> {
    const bytes = await this.consumeBody();
    const contentType = this.headers.get('content-type');
    if (contentType === null || PLAIN_MIME_TYPE.test(contentType)) {
      return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType ?? '' });
    }
    return this.#native(bytes, contentType).blob();
  }

  async formData(): Promise<FormData> {
    const bytes = await this.consumeBody();
    return this.#native(bytes, this.headers.get('content-type')).formData();
  }

  /** Node's own Response over the same bytes and Content-Type (loads Node's fetch implementation). */
  #native(bytes: Uint8Array, contentType: string | null): Response {
    return new (nativeResponse())(bytes as Uint8Array<ArrayBuffer>, {
      headers: contentType === null ? [] : [['content-type', contentType]],
    });
  }
}
