// A Secrets Manager client for the one call the function makes: GetSecretValue, the AWS JSON 1.1 protocol
// over node:https, signed by the AWS SDK's own Signature V4 signer (@smithy/signature-v4). The deployed
// bundle uses it instead of @aws-sdk/client-secrets-manager, whose loading and first call cost more cold
// start than the rest of the function together (`pnpm bench cold-start`). Its behaviour follows the SDK's
// standard retry mode, and tests run the same fault matrix against both (tests/secrets-manager-*.test.ts),
// with a loopback Secrets Manager that verifies every signature.
//
// Errors are thrown as SecretsManagerError: `name` is the service's error type (`ResourceNotFoundException`,
// `ThrottlingException`, ...) or `TimeoutError` / `AbortError` / a network error code; `$metadata` carries the
// HTTP status and the number of attempts, like the SDK's errors. A response body is never put in an error.
import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { isLoopbackHost } from '@tokenfn/http';
import { readIncomingAtMost } from '@tokenfn/http/node';

/**
 * Node's HTTP modules, loaded when a client is created, not when this module is: loading node:https (TLS)
 * costs about 20 ms of a cold start that fetches the secret another way (the Lambda extension), and an ES
 * import of node:http builds its namespace, whose WebSocket export loads Node's fetch implementation
 * (undici) on Node 22 and later. node:http serves only a loopback test endpoint.
 */
function httpModules(secure: boolean): {
  request: typeof import('node:http').request;
  Agent?: typeof import('node:https').Agent;
} {
  if (!secure) return { request: process.getBuiltinModule('node:http').request };
  const https = process.getBuiltinModule('node:https');
  return { request: https.request, Agent: https.Agent };
}

/**
 * Collects a response body as text, at most `maxBytes`: past that, `tooLarge` is called once and nothing
 * more is kept (the caller ends the request); otherwise `done` gets the text at the end.
 */
export function collectBody(
  response: IncomingMessage,
  maxBytes: number,
  tooLarge: () => void,
  done: (text: string) => void,
): void {
  readIncomingAtMost(response, maxBytes + 1).then(
    ({ body }) => {
      if (body.byteLength > maxBytes) tooLarge();
      else done(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    },
    () => {}, // a broken response is reported by its 'error' handler
  );
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface GetSecretValueOutput {
  SecretString?: string;
  VersionId?: string;
}

/** The call secretsManagerCredentials makes; implemented here and, for a user's own SDK client, in ./sdk. */
export type GetSecretValue = (secretId: string, signal: AbortSignal) => Promise<GetSecretValueOutput>;

export interface SecretsManagerClientOptions {
  /** Base URL: `https://secretsmanager.<region>.amazonaws.com` or a configured endpoint. */
  endpoint: string;
  region: string;
  /** Read for every request (Lambda puts the execution role's credentials in the environment). */
  credentials: () => AwsCredentials;
  /** Attempts per call, including the first. */
  maxAttempts: number;
  /** TCP (and TLS) connect timeout per attempt. */
  connectionTimeoutMs: number;
  /** Whole-response timeout per attempt. */
  requestTimeoutMs: number;
  /** Milliseconds since the epoch (tests). */
  clock?: () => number;
  /** Backoff delay for a retry (tests); default: the SDK's full jitter. */
  retryDelayMs?: (attempt: number, throttled: boolean) => number;
}

export class SecretsManagerError extends Error {
  readonly $metadata: { httpStatusCode?: number; attempts: number };
  /** Whether another attempt may succeed (throttling, 5xx, timeouts, broken connections). */
  readonly retryable: boolean;
  readonly throttling: boolean;

  constructor(
    name: string,
    message: string,
    o: { httpStatusCode?: number; retryable: boolean; throttling?: boolean },
  ) {
    super(message);
    this.name = name;
    this.$metadata = {
      ...(o.httpStatusCode !== undefined ? { httpStatusCode: o.httpStatusCode } : {}),
      attempts: 1,
    };
    this.retryable = o.retryable;
    this.throttling = o.throttling ?? false;
  }
}

// The SDK's throttling error types (@smithy/service-error-classification), retried with a longer backoff.
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
// The SDK's transient error types; an InternalServiceError is retried for its 500 status, as in the SDK.
const TRANSIENT_TYPES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
// Errors a signature made with a wrong clock gets; with the server's Date far from ours they are corrected
// and retried, as the SDK does (its CLOCK_SKEW_ERROR_CODES and 5-minute threshold).
const CLOCK_SKEW_ERRORS = new Set([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);
const SKEW_THRESHOLD_MS = 5 * 60_000;
const MAX_RESPONSE_BYTES = 1 << 20; // a secret is at most 64 KiB; the JSON around it is small

/**
 * The SDK's standard-mode backoff (@smithy/core's StandardRetryStrategy as installed, its 2026 retry
 * settings): full jitter over 50 ms (1 s when throttled) doubling with each retry, capped at 20 s before
 * the jitter. `attempt` is the attempt that failed (1 for the first).
 */
export function standardBackoffDelayMs(attempt: number, throttled: boolean): number {
  const base = throttled ? 1000 : 50;
  return Math.floor(Math.random() * Math.min(20_000, base * 2 ** (attempt - 1)));
}

class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** One HTTP exchange with the service. */
interface Answer {
  status: number;
  text: string;
  errorType: string | undefined;
  serverDate: string | undefined;
}

export function createGetSecretValue(o: SecretsManagerClientOptions): GetSecretValue {
  const url = new URL(o.endpoint);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new TypeError('Secrets Manager endpoint must be https (http only for a loopback host)');
  }
  const secure = url.protocol === 'https:';
  const http = httpModules(secure);
  // One kept-alive connection, as the SDK does: a refresh after the cache window reuses it when it survived.
  const agent = http.Agent ? new http.Agent({ keepAlive: true, maxSockets: 4 }) : undefined;
  const signer = new SignatureV4({
    service: 'secretsmanager',
    region: o.region,
    credentials: async () => o.credentials(),
    sha256: Sha256,
    uriEscapePath: true,
  });
  const clock = o.clock ?? Date.now;
  /** Server time minus ours, learnt from a response's Date header when the two are minutes apart. */
  let clockOffsetMs = 0;
  const delayFor = o.retryDelayMs ?? standardBackoffDelayMs;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;

  async function attempt(secretId: string, signal: AbortSignal): Promise<GetSecretValueOutput> {
    const body = JSON.stringify({ SecretId: secretId });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path,
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'secretsmanager.GetSecretValue',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      },
      { signingDate: new Date(clock() + clockOffsetMs) },
    );
    const { status, text, errorType, serverDate } = await send(signed.headers, body, signal);
    let clockCorrected = false;
    const serverTime = serverDate === undefined ? Number.NaN : Date.parse(serverDate);
    if (
      Number.isFinite(serverTime) &&
      Math.abs(serverTime - (clock() + clockOffsetMs)) >= SKEW_THRESHOLD_MS
    ) {
      clockOffsetMs = serverTime - clock();
      clockCorrected = true;
    }
    if (status === 200) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new SecretsManagerError('SerializationException', 'GetSecretValue answered with invalid JSON', {
          httpStatusCode: status,
          retryable: false,
        });
      }
      const out = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      return {
        ...(typeof out['SecretString'] === 'string' ? { SecretString: out['SecretString'] } : {}),
        ...(typeof out['VersionId'] === 'string' ? { VersionId: out['VersionId'] } : {}),
      };
    }
    const type = errorType ?? errorTypeFromBody(text) ?? `HTTP${status}`;
    const throttling = THROTTLING.has(type) || status === 429;
    throw new SecretsManagerError(type, `GetSecretValue failed: ${type} (HTTP ${status})`, {
      httpStatusCode: status,
      throttling,
      retryable:
        throttling ||
        TRANSIENT_TYPES.has(type) ||
        TRANSIENT_STATUS.has(status) ||
        (clockCorrected && CLOCK_SKEW_ERRORS.has(type)),
    });
  }

  function send(headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let request: ClientRequest | undefined;
      let settled = false;
      const timers: ReturnType<typeof setTimeout>[] = [];
      const finish = (error: Error | undefined, value?: Answer) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        signal.removeEventListener('abort', onAbort);
        if (error) {
          request?.destroy();
          reject(error);
        } else resolve(value!);
      };
      const onAbort = () => finish(abortError(1));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
      const timeout = (what: string, ms: number) =>
        setTimeout(
          () =>
            finish(
              new SecretsManagerError('TimeoutError', `GetSecretValue ${what} timed out after ${ms} ms`, {
                retryable: true,
              }),
            ),
          ms,
        );
      timers.push(timeout('request', o.requestTimeoutMs));
      const options = {
        method: 'POST',
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path,
        headers,
        ...(agent ? { agent } : {}),
      };
      request = http.request(options, (response: IncomingMessage) => {
        response.on('error', (e) => finish(networkError(e)));
        collectBody(
          response,
          MAX_RESPONSE_BYTES,
          () =>
            finish(
              new SecretsManagerError('SerializationException', 'GetSecretValue response too large', {
                httpStatusCode: response.statusCode ?? 0,
                retryable: false,
              }),
            ),
          (text) => {
            const type = response.headers['x-amzn-errortype'];
            finish(undefined, {
              status: response.statusCode ?? 0,
              text,
              errorType: typeof type === 'string' ? cleanErrorType(type) : undefined,
              serverDate: response.headers.date,
            });
          },
        );
      });
      request.on('error', (e) => finish(networkError(e)));
      request.on('socket', (socket) => {
        // A kept-alive socket is already connected; a new one must connect (and finish TLS) in time.
        if (!socket.connecting) return;
        const t = timeout('connection', o.connectionTimeoutMs);
        timers.push(t);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(t));
      });
      request.end(body);
    });
  }

  return async (secretId, signal) => {
    for (let n = 1; ; n++) {
      try {
        return await attempt(secretId, signal);
      } catch (error) {
        const e = error instanceof SecretsManagerError ? error : networkError(error as Error);
        e.$metadata.attempts = n;
        if (!e.retryable || n >= o.maxAttempts || signal.aborted) throw e;
        try {
          await sleep(delayFor(n, e.throttling), signal);
        } catch {
          throw abortError(n);
        }
      }
    }
  };
}

function abortError(attempts: number): SecretsManagerError {
  const e = new SecretsManagerError('AbortError', 'GetSecretValue abandoned: the deadline passed', {
    retryable: false,
  });
  e.$metadata.attempts = attempts;
  return e;
}

function networkError(e: Error): SecretsManagerError {
  if (e instanceof SecretsManagerError) return e;
  const code = (e as { code?: unknown }).code;
  const name = typeof code === 'string' ? code : e.name;
  return new SecretsManagerError(name, `GetSecretValue request failed: ${name}`, {
    retryable: typeof code === 'string' && NETWORK_ERRORS.has(code),
  });
}

/** `com.amazonaws.secretsmanager#ResourceNotFoundException:http://...` -> `ResourceNotFoundException`. */
function cleanErrorType(raw: string): string | undefined {
  const type = raw.split(':', 1)[0]!.split('#').at(-1)!.trim();
  return /^[A-Za-z0-9_.]{1,100}$/.test(type) ? type : undefined;
}

function errorTypeFromBody(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const type = body['__type'] ?? body['code'];
    return typeof type === 'string' ? cleanErrorType(type) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
