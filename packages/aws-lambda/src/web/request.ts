// Request as the Fetch standard defines it for a server (https://fetch.spec.whatwg.org/#request-class):
// an absolute URL without credentials, a normalised method token, Headers, and a body (see ./body).
import { extractBody, isReadableStream, LiteBody } from './body';
import { LiteHeaders } from './headers';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function normaliseMethod(method: string): string {
  if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALISED_METHODS.has(upper) ? upper : method;
}

function parseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TypeError(`Failed to parse URL from ${input}`);
  }
  if (url.username || url.password) {
    throw new TypeError('Request cannot be constructed from a URL that includes credentials');
  }
  return url.href;
}

interface Options {
  cache: RequestCache;
  credentials: RequestCredentials;
  destination: RequestDestination;
  integrity: string;
  keepalive: boolean;
  mode: RequestMode;
  redirect: RequestRedirect;
  referrer: string;
  referrerPolicy: ReferrerPolicy;
}

const DEFAULTS: Options = {
  cache: 'default',
  credentials: 'same-origin',
  destination: '',
  integrity: '',
  keepalive: false,
  mode: 'cors',
  redirect: 'follow',
  referrer: 'about:client',
  referrerPolicy: '',
};

export class LiteRequest extends LiteBody {
  readonly #url: string;
  readonly #method: string;
  #headers: LiteHeaders;
  readonly #options: Options;
  #signal: AbortSignal | undefined;

  constructor(input: RequestInfo | URL | LiteRequest, init: RequestInit & { duplex?: 'half' } = {}) {
    // A null init is an empty RequestInit, as WebIDL converts dictionaries.
    if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError('Request constructor: init must be an object');
    }
    const options = init ?? {};
    const from = input instanceof LiteRequest ? input : undefined;
    const url = from ? from.url : parseUrl(String(input));
    const method =
      options.method !== undefined ? normaliseMethod(String(options.method)) : (from?.method ?? 'GET');
    const headers =
      options.headers === undefined && from
        ? LiteHeaders.copy(from.#headers)
        : new LiteHeaders(options.headers as ConstructorParameters<typeof LiteHeaders>[0]);
    const hasInitBody = options.body !== undefined && options.body !== null;
    if ((method === 'GET' || method === 'HEAD') && (hasInitBody || from?.hasBody())) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    let source: Uint8Array | ReadableStream<Uint8Array> | null = null;
    if (hasInitBody) {
      const extracted = extractBody(options.body);
      if (isReadableStream(extracted.source) && isReadableStream(options.body) && options.duplex !== 'half') {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      source = extracted.source;
      if (extracted.type !== null && !headers.has('content-type'))
        headers.append('content-type', extracted.type);
    } else if (from) {
      source = from.takeSource();
    }
    super(source);
    this.#url = url;
    this.#method = method;
    this.#headers = headers;
    this.#options = { ...DEFAULTS, ...(from ? from.#options : {}) };
    for (const key of Object.keys(DEFAULTS) as (keyof Options)[]) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) (this.#options as unknown as Record<string, unknown>)[key] = value;
    }
    this.#signal = options.signal ?? from?.signal;
  }

  get url(): string {
    return this.#url;
  }
  get method(): string {
    return this.#method;
  }
  get headers(): Headers {
    return this.#headers as unknown as Headers;
  }
  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }
  get cache(): RequestCache {
    return this.#options.cache;
  }
  get credentials(): RequestCredentials {
    return this.#options.credentials;
  }
  get destination(): RequestDestination {
    return this.#options.destination;
  }
  get integrity(): string {
    return this.#options.integrity;
  }
  get keepalive(): boolean {
    return this.#options.keepalive;
  }
  get mode(): RequestMode {
    return this.#options.mode;
  }
  get redirect(): RequestRedirect {
    return this.#options.redirect;
  }
  get referrer(): string {
    return this.#options.referrer;
  }
  get referrerPolicy(): ReferrerPolicy {
    return this.#options.referrerPolicy;
  }
  get duplex(): 'half' {
    return 'half';
  }

  clone(): LiteRequest {
    const source = this.cloneSource();
    const copy = new LiteRequest(this.#url, {
      ...this.#options,
      method: this.#method,
      body: source as BodyInit | null,
      duplex: 'half',
      signal: this.signal,
    } as RequestInit);
    copy.#headers = LiteHeaders.copy(this.#headers);
    return copy;
  }

  get [Symbol.toStringTag](): string {
    return 'Request';
  }
}
