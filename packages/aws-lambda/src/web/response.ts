// Response as the Fetch standard defines it (https://fetch.spec.whatwg.org/#response-class): a status
// 200-599, a reason phrase, Headers, and a body (see ./body), plus Response.json/error/redirect.
import { extractBody, LiteBody } from './body';
import { byteString, convertHeadersInit, LiteHeaders } from './headers';

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;
const encoder = new TextEncoder();

/**
 * WebIDL `unsigned short` as Node computes it: the integer part's remainder by 2^16, NaN and infinities 0.
 * The remainder keeps the sign (where WebIDL's modulo would not), so a negative status stays out of range.
 */
function unsignedShort(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? n % 65536 : 0;
}

export class LiteResponse extends LiteBody {
  #status: number;
  readonly #statusText: string;
  #headers: LiteHeaders;
  #type: ResponseType = 'default';

  constructor(body: BodyInit | null = null, init: ResponseInit = {}) {
    // A null init is an empty ResponseInit, as WebIDL converts dictionaries.
    if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError('Response constructor: init must be an object');
    }
    const options = init ?? {};
    // Node converts the arguments before the steps run (WebIDL), so a header, reason phrase or body that
    // cannot be converted, or a stream that is locked, fails with a TypeError before the status is checked.
    const headersInit = convertHeadersInit(options.headers);
    const status = options.status === undefined ? 200 : unsignedShort(options.status);
    const statusText =
      options.statusText === undefined ? '' : byteString(options.statusText, 'Response constructor');
    const extracted = body === null || body === undefined ? null : extractBody(body);
    if (status < 200 || status > 599) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
    const headers = new LiteHeaders(headersInit);
    let source: Uint8Array | ReadableStream<Uint8Array> | null = null;
    if (extracted !== null) {
      if (NULL_BODY_STATUS.has(status)) {
        throw new TypeError(`Response constructor: Invalid response status code ${status}`);
      }
      source = extracted.source;
      if (extracted.type !== null && !headers.has('content-type'))
        headers.append('content-type', extracted.type);
    }
    super(source);
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = headers;
  }

  static json(data: unknown, init: ResponseInit = {}): LiteResponse {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const response = new LiteResponse(encoder.encode(text), init);
    if (!response.#headers.has('content-type')) response.#headers.set('content-type', 'application/json');
    return response;
  }

  static error(): LiteResponse {
    const response = new LiteResponse(null);
    response.#status = 0;
    response.#type = 'error';
    LiteHeaders.freeze(response.#headers);
    return response;
  }

  static redirect(url: string | URL, status = 302): LiteResponse {
    let location: string;
    try {
      location = new URL(String(url)).href;
    } catch {
      throw new TypeError(`Failed to parse URL from ${String(url)}`);
    }
    const code = unsignedShort(status);
    if (!REDIRECT_STATUS.has(code)) throw new RangeError(`Invalid status code ${code}`);
    const response = new LiteResponse(null, { status: code });
    response.#headers.set('location', location);
    LiteHeaders.freeze(response.#headers);
    return response;
  }

  get type(): ResponseType {
    return this.#type;
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
  get status(): number {
    return this.#status;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299;
  }
  get statusText(): string {
    return this.#statusText;
  }
  get headers(): Headers {
    return this.#headers as unknown as Headers;
  }

  clone(): LiteResponse {
    const source = this.cloneSource();
    const copy = new LiteResponse(source as BodyInit | null, {
      status: this.#status === 0 ? 200 : this.#status,
      statusText: this.#statusText,
    });
    copy.#status = this.#status;
    copy.#type = this.#type;
    copy.#headers = LiteHeaders.copy(this.#headers); // immutable ones (error, redirect) stay immutable
    return copy;
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}
