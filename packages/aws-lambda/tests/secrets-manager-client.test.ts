// The built-in GetSecretValue client on its own: against the loopback Secrets Manager (which verifies every
// signature), and against small purpose-built loopback servers for what that fake cannot do (refused and
// counted connections, malformed and oversized answers, error types in a header or with a namespace, TLS).
// Where the AWS SDK is the reference (retry decisions, backoff), the SDK's own code is run for the answer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialsUnavailableError } from '@tokenfn/http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialSourceFromEnv } from '../src/credentials-from-env';
import { createSdkSecretsManagerClient, sdkGetSecretValue } from '../src/sdk';
import {
  createGetSecretValue,
  type GetSecretValue,
  type SecretsManagerClientOptions,
  SecretsManagerError,
  standardBackoffDelayMs,
} from '../src/secrets-manager-client';
import {
  FAKE_CREDENTIALS,
  FAKE_REGION,
  INTERNAL_ERROR,
  SecretsManagerFake,
  type SecretsManagerFault,
  THROTTLING,
} from './fakes/secrets-manager';
import { useAwsEnv } from './support/aws-env';
import { runProcess } from './support/run-process';

const CERT = 'fedcba9876543210fedcba9876543210';
const SECRET = JSON.stringify({ appId: '0123456789abcdef0123456789abcdef', appCertificate: CERT });
const SECRET_ID = 'tokenfn/agora';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX = join(HERE, '../../../node_modules/.bin/tsx');
const CHILD = join(HERE, 'support/get-secret-value-child.ts');

const fake = new SecretsManagerFake();
let fakeUrl: string;
let restoreEnv: () => void;
/** Every error the built-in client threw, checked at the end for secrets. */
const errors: unknown[] = [];

beforeAll(async () => {
  fakeUrl = await fake.start();
  fake.putSecret(SECRET_ID, SECRET);
  restoreEnv = useAwsEnv(fakeUrl); // for the SDK client, the reference in the retry-decision table
});
afterEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
  vi.restoreAllMocks();
});
afterAll(async () => {
  await fake.close();
  restoreEnv();
  for (const e of errors) {
    const text = `${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)}`;
    expect(text).not.toContain(CERT);
    expect(text).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    expect(text).not.toContain(FAKE_CREDENTIALS.sessionToken);
  }
});

function client(endpoint: string, o: Partial<SecretsManagerClientOptions> = {}): GetSecretValue {
  return createGetSecretValue({
    endpoint,
    region: FAKE_REGION,
    credentials: () => FAKE_CREDENTIALS,
    maxAttempts: 3,
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 2000,
    retryDelayMs: () => 0,
    ...o,
  });
}

const deadline = () => AbortSignal.timeout(15_000);

async function rejection(p: Promise<unknown>): Promise<SecretsManagerError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  errors.push(error);
  expect(error).toBeInstanceOf(SecretsManagerError);
  return error as SecretsManagerError;
}

/** Records the backoff asked for before each retry (and waits none). */
function recordingDelays() {
  const calls: [number, boolean][] = [];
  return {
    calls,
    retryDelayMs: (attempt: number, throttled: boolean) => {
      calls.push([attempt, throttled]);
      return 0;
    },
  };
}

interface Loopback {
  url: string;
  /** TCP connections accepted. */
  connections: number;
  requests: { method: string | undefined; path: string | undefined; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A loopback HTTP(S) server answering with `answer` (n counts requests from 0). */
async function loopback(answer: Answer, tls?: { key: string; cert: string }): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const state: Loopback = {
    url: '',
    connections: 0,
    requests: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const n = state.requests.length;
    state.requests.push({ method: req.method, path: req.url, headers: req.headers });
    res.on('error', () => {}); // the client may hang up on a response it refuses
    req.resume();
    req.on('end', () => answer(req, res, n));
  };
  const server: Server = tls ? createHttpsServer(tls, handle) : createHttpServer(handle);
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const OK_BODY = JSON.stringify({ SecretString: SECRET, VersionId: 'v-1' });

describe('against the loopback Secrets Manager', () => {
  it('a signed JSON 1.1 request; SecretString and VersionId back', async () => {
    const out = await client(fakeUrl)(SECRET_ID, deadline());
    expect(out).toEqual({ SecretString: SECRET, VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(fake.requests).toEqual([
      expect.objectContaining({
        target: 'secretsmanager.GetSecretValue',
        contentType: 'application/x-amz-json-1.1',
        secretId: SECRET_ID,
        signature: 'valid',
      }),
    ]);
  });

  it('the credential scope is <key>/<signing date>/<configured region>/secretsmanager/aws4_request', async () => {
    const eu = new SecretsManagerFake({ region: 'eu-west-3' });
    const euUrl = await eu.start();
    try {
      eu.putSecret(SECRET_ID, SECRET);
      const signedAt = Date.now() - 60_000;
      await client(euUrl, { region: 'eu-west-3', clock: () => signedAt })(SECRET_ID, deadline());
      const day = new Date(signedAt).toISOString().slice(0, 10).replaceAll('-', '');
      expect(eu.requests[0]).toMatchObject({
        signature: 'valid',
        credentialScope: `${FAKE_CREDENTIALS.accessKeyId}/${day}/eu-west-3/secretsmanager/aws4_request`,
      });
      // Signed for another region, the same request is refused, and not retried.
      const e = await rejection(client(euUrl, { region: 'us-east-1' })(SECRET_ID, deadline()));
      expect(e.name).toBe('InvalidSignatureException');
      expect(e.$metadata).toEqual({ httpStatusCode: 400, attempts: 1 });
      expect(eu.requests.at(-1)?.credentialScope).toMatch(/\/us-east-1\/secretsmanager\/aws4_request$/);
    } finally {
      await eu.close();
    }
  });

  it('the session token is sent, and signed', async () => {
    await client(fakeUrl)(SECRET_ID, deadline());
    expect(fake.requests[0]?.signedHeaders).toContain('x-amz-security-token');
    // Without it the fake (like AWS, for temporary credentials) does not know the key.
    const { sessionToken: _, ...longTerm } = FAKE_CREDENTIALS;
    const e = await rejection(client(fakeUrl, { credentials: () => longTerm })(SECRET_ID, deadline()));
    expect(e.name).toBe('UnrecognizedClientException');
    expect(e.$metadata.attempts).toBe(1);
  });

  it('long-term credentials (no session token): no token header', async () => {
    const { sessionToken: _, ...longTerm } = FAKE_CREDENTIALS;
    const plain = new SecretsManagerFake({ credentials: longTerm });
    const url = await plain.start();
    try {
      plain.putSecret(SECRET_ID, SECRET);
      await client(url, { credentials: () => longTerm })(SECRET_ID, deadline());
      expect(plain.requests[0]?.signature).toBe('valid');
      expect(plain.requests[0]?.signedHeaders).not.toContain('x-amz-security-token');
    } finally {
      await plain.close();
    }
  });

  it('an endpoint with a base path is signed for that path', async () => {
    await client(`${fakeUrl}/tenant-a`)(SECRET_ID, deadline());
    expect(fake.requests[0]?.signature).toBe('valid');
  });

  it('HTTP 429 is throttling whatever the error type: retried with the throttling backoff', async () => {
    fake.queueFaults({ kind: 'error', status: 429, type: 'TooManyCalls' });
    const delays = recordingDelays();
    expect(await client(fakeUrl, delays)(SECRET_ID, deadline())).toMatchObject({ SecretString: SECRET });
    expect(fake.getSecretValueCalls).toBe(2);
    expect(delays.calls).toEqual([[1, true]]);
  });

  it('403 AccessDeniedException is not retried', async () => {
    fake.failAlways({ kind: 'error', status: 403, type: 'AccessDeniedException', message: `denied ${CERT}` });
    const delays = recordingDelays();
    const e = await rejection(client(fakeUrl, { ...delays, maxAttempts: 5 })(SECRET_ID, deadline()));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.$metadata).toEqual({ httpStatusCode: 403, attempts: 1 });
    expect(e.retryable).toBe(false);
    expect(fake.getSecretValueCalls).toBe(1);
    expect(delays.calls).toEqual([]);
  });

  it('retryDelayMs is asked before every retry with the attempt number and throttling', async () => {
    fake.failAlways(INTERNAL_ERROR);
    const delays = recordingDelays();
    const e = await rejection(client(fakeUrl, { ...delays, maxAttempts: 4 })(SECRET_ID, deadline()));
    expect(e.name).toBe('InternalServiceError');
    expect(e.$metadata).toEqual({ httpStatusCode: 500, attempts: 4 });
    expect(fake.getSecretValueCalls).toBe(4);
    expect(delays.calls).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    fake.clearFaults();
    fake.queueFaults(THROTTLING, THROTTLING);
    const throttled = recordingDelays();
    await client(fakeUrl, throttled)(SECRET_ID, deadline());
    expect(throttled.calls).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('the delay retryDelayMs returns is waited', async () => {
    fake.queueFaults(INTERNAL_ERROR);
    const started = performance.now();
    await client(fakeUrl, { retryDelayMs: () => 150 })(SECRET_ID, deadline());
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(fake.getSecretValueCalls).toBe(2);
  });

  it('without retryDelayMs the standard backoff is what is waited', async () => {
    fake.queueFaults(INTERNAL_ERROR, THROTTLING);
    vi.spyOn(Math, 'random').mockReturnValue(0.1);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const get = createGetSecretValue({
      endpoint: fakeUrl,
      region: FAKE_REGION,
      credentials: () => FAKE_CREDENTIALS,
      maxAttempts: 3,
      requestTimeoutMs: 4321,
      connectionTimeoutMs: 4322,
    });
    await get(SECRET_ID, deadline());
    const waited = timers.mock.calls.map((c) => c[1]).filter((ms) => ms !== 4321 && ms !== 4322);
    expect(waited).toEqual([standardBackoffDelayMs(1, false), standardBackoffDelayMs(2, true)]);
    expect(waited.every((ms) => typeof ms === 'number' && ms > 0)).toBe(true);
  });

  it('a missing secret: ResourceNotFoundException, not retried, the service message not in the error', async () => {
    fake.queueFaults({
      kind: 'error',
      status: 400,
      type: 'ResourceNotFoundException',
      message: `no ${CERT}`,
    });
    const e = await rejection(client(fakeUrl)(SECRET_ID, deadline()));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.message).toBe('GetSecretValue failed: ResourceNotFoundException (HTTP 400)');
    expect(fake.getSecretValueCalls).toBe(1);
  });
});

// The SDK's retry decision for each answer, found by running the SDK (maxAttempts 2, no backoff) against
// the same fault, and the built-in client's decision for it.
describe('retry decisions agree with the AWS SDK', () => {
  const sdk = sdkGetSecretValue(
    createSdkSecretsManagerClient({ maxAttempts: 2, connectionTimeoutMs: 1000, requestTimeoutMs: 2000 }),
  );
  const cases: [number, string][] = [
    [400, 'ThrottlingException'],
    [400, 'TooManyRequestsException'],
    [400, 'RequestLimitExceeded'],
    [429, 'SomethingNew'],
    [500, 'InternalServiceError'],
    [502, 'BadGateway'],
    [503, 'ServiceUnavailable'],
    [504, 'GatewayTimeout'],
    [501, 'NotImplemented'],
    [400, 'RequestTimeoutException'],
    [400, 'RequestTimeout'],
    [400, 'TimeoutError'],
    [400, 'InternalServiceError'],
    [403, 'AccessDeniedException'],
    [400, 'ResourceNotFoundException'],
    [400, 'InvalidRequestException'],
    [400, 'InvalidParameterException'],
    [400, 'DecryptionFailure'],
  ];

  async function outcome(get: GetSecretValue, fault: SecretsManagerFault, o: { ours: boolean }) {
    fake.requests.length = 0;
    fake.failAlways(fault);
    const error = await get(SECRET_ID, deadline()).then(
      () => undefined,
      (e: unknown) => e as { name: string; $metadata?: { httpStatusCode?: number } },
    );
    if (o.ours) errors.push(error); // (the SDK's messages include the service's message; not ours to check)
    return {
      name: error?.name,
      status: error?.$metadata?.httpStatusCode,
      requests: fake.getSecretValueCalls,
    };
  }

  it.each(cases)('HTTP %i %s', async (status, type) => {
    const fault: SecretsManagerFault = { kind: 'error', status, type, message: `message ${CERT}` };
    vi.spyOn(Math, 'random').mockReturnValue(0); // the SDK's backoff: no wait
    const expected = await outcome(sdk, fault, { ours: false });
    const ours = await outcome(client(fakeUrl, { maxAttempts: 2 }), fault, { ours: true });
    expect(ours).toEqual(expected);
    expect(ours.name).toBe(type);
  });
});

describe('against purpose-built loopback servers', () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function serve(answer: Answer, tls?: { key: string; cert: string }) {
    const s = await loopback(answer, tls);
    servers.push(s);
    return s;
  }

  it('connection refused: retried up to maxAttempts, then ECONNREFUSED', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const delays = recordingDelays();
    const e = await rejection(
      client(`http://127.0.0.1:${port}`, { ...delays, maxAttempts: 3 })(SECRET_ID, deadline()),
    );
    expect(e.name).toBe('ECONNREFUSED');
    expect(e.retryable).toBe(true);
    expect(e.$metadata).toEqual({ attempts: 3 });
    expect(delays.calls).toEqual([
      [1, false],
      [2, false],
    ]);
  });

  it('a 200 whose body is not JSON: SerializationException, not retried, the body not in the error', async () => {
    const s = await serve((_req, res) => json(res, 200, `{"SecretString": "${CERT}"`));
    const e = await rejection(client(s.url)(SECRET_ID, deadline()));
    expect(e.name).toBe('SerializationException');
    expect(e.$metadata).toEqual({ httpStatusCode: 200, attempts: 1 });
    expect(s.requests).toHaveLength(1);
  });

  it('a response of exactly 1 MiB is read; one byte more is refused and not retried', async () => {
    const padding = (size: number) => {
      const frame = JSON.stringify({ SecretString: SECRET, VersionId: 'v-1', Pad: '' });
      return JSON.stringify({ SecretString: SECRET, VersionId: 'v-1', Pad: 'x'.repeat(size - frame.length) });
    };
    const exact = padding(1 << 20);
    expect(Buffer.byteLength(exact)).toBe(1 << 20);
    const fits = await serve((_req, res) => json(res, 200, exact));
    expect(await client(fits.url)(SECRET_ID, deadline())).toEqual({ SecretString: SECRET, VersionId: 'v-1' });

    const over = padding((1 << 20) + 1);
    const s = await serve((_req, res) => {
      // Streamed, with no content-length, so only the bytes received can tell.
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      for (let i = 0; i < over.length; i += 65_536) res.write(over.slice(i, i + 65_536));
      res.end();
    });
    const e = await rejection(client(s.url)(SECRET_ID, deadline()));
    expect(e.name).toBe('SerializationException');
    expect(e.message).toContain('too large');
    expect(e.$metadata).toEqual({ httpStatusCode: 200, attempts: 1 });
    expect(s.requests).toHaveLength(1);
  });

  it('an error response of many MiB is refused as well (no unbounded buffering of error bodies)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      const chunk = `"${'y'.repeat(65_534)}"`;
      let sent = 0;
      const more = () => {
        while (sent < 64) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const e = await rejection(client(s.url, { maxAttempts: 3 })(SECRET_ID, deadline()));
    expect(e.name).toBe('SerializationException');
    expect(e.$metadata.attempts).toBe(1);
    expect(s.requests).toHaveLength(1);
  });

  it('the error type from the x-amzn-errortype header, which wins over the body', async () => {
    const s = await serve((_req, res) =>
      json(res, 400, JSON.stringify({ __type: 'ThrottlingException', message: CERT }), {
        'x-amzn-errortype':
          'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.secretsmanager/',
      }),
    );
    const e = await rejection(client(s.url)(SECRET_ID, deadline()));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.$metadata).toEqual({ httpStatusCode: 400, attempts: 1 });
    expect(s.requests).toHaveLength(1);
  });

  it('a throttling type in the header alone (empty body) is retried as throttling', async () => {
    const s = await serve((_req, res, n) =>
      n === 0 ? json(res, 400, '', { 'x-amzn-errortype': 'ThrottlingException' }) : json(res, 200, OK_BODY),
    );
    const delays = recordingDelays();
    expect(await client(s.url, delays)(SECRET_ID, deadline())).toEqual({
      SecretString: SECRET,
      VersionId: 'v-1',
    });
    expect(delays.calls).toEqual([[1, true]]);
    expect(s.requests).toHaveLength(2);
  });

  it('the error type from __type with a namespace prefix', async () => {
    const s = await serve((_req, res) =>
      json(
        res,
        400,
        JSON.stringify({ __type: 'com.amazonaws.secretsmanager#ResourceNotFoundException', message: 'gone' }),
      ),
    );
    const e = await rejection(client(s.url)(SECRET_ID, deadline()));
    expect(e.name).toBe('ResourceNotFoundException');
    expect(s.requests).toHaveLength(1);
  });

  it('an error type that is not an identifier is not reflected: HTTP<status>', async () => {
    const s = await serve((_req, res, n) =>
      n === 0
        ? json(res, 503, JSON.stringify({ __type: `<b onload=x>${CERT}`, message: 'm' }))
        : json(res, 400, 'not json at all', { 'x-amzn-errortype': 'Bad Type/x' }),
    );
    const e = await rejection(client(s.url, { maxAttempts: 2 })(SECRET_ID, deadline()));
    // The 503 was retried (a 5xx); the 400 with an unreadable type was not.
    expect(e.name).toBe('HTTP400');
    expect(e.$metadata).toEqual({ httpStatusCode: 400, attempts: 2 });
  });

  it('keep-alive: two sequential calls use one TCP connection', async () => {
    const s = await serve((_req, res) => json(res, 200, OK_BODY));
    const get = client(s.url);
    await get(SECRET_ID, deadline());
    await get(SECRET_ID, deadline());
    expect(s.requests).toHaveLength(2);
    expect(s.connections).toBe(1);
  });

  it('requests go to the endpoint path, with a trailing slash, as the SDK sends them', async () => {
    const s = await serve((_req, res) => json(res, 200, OK_BODY));
    await client(`${s.url}/base`)(SECRET_ID, deadline());
    await client(`${s.url}/`)(SECRET_ID, deadline());
    expect(s.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/base/'],
      ['POST', '/'],
    ]);
    expect(s.requests[0]?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
  });

  describe('TLS', () => {
    // Certificates that nothing trusts, made for this run with the openssl CLI: one for 127.0.0.1, one
    // for another host name. A child process is told to trust both (NODE_EXTRA_CA_CERTS is read at start).
    let dir: string;
    let tls: { key: string; cert: string };
    let otherHost: { key: string; cert: string };
    let bothCerts: string;
    const makeCert = (name: string, san: string) => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          `/CN=tokenfn test ${name}`,
          '-addext',
          `subjectAltName=${san}`,
          '-keyout',
          join(dir, `${name}-key.pem`),
          '-out',
          join(dir, `${name}-cert.pem`),
        ],
        { stdio: 'ignore' },
      );
      return {
        key: readFileSync(join(dir, `${name}-key.pem`), 'utf8'),
        cert: readFileSync(join(dir, `${name}-cert.pem`), 'utf8'),
      };
    };
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'tokenfn-tls-'));
      tls = makeCert('loopback', 'IP:127.0.0.1');
      otherHost = makeCert('other', 'DNS:secretsmanager.us-east-1.amazonaws.com');
      bothCerts = join(dir, 'trusted.pem');
      writeFileSync(bothCerts, tls.cert + otherHost.cert);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** The built-in client in a Node process that trusts the test certificates. */
    async function inTrustingProcess(
      endpoint: string,
      calls: number,
      maxAttempts = 1,
    ): Promise<{ ok?: unknown[]; error?: string; metadata?: unknown }> {
      const run = await runProcess(TSX, [CHILD], {
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_EXTRA_CA_CERTS: bothCerts,
          TOKENFN_ENDPOINT: endpoint,
          TOKENFN_CALLS: String(calls),
          TOKENFN_MAX_ATTEMPTS: String(maxAttempts),
        },
      });
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`child failed: ${run.stderr.slice(0, 2000)}`);
      return JSON.parse(line.slice(7));
    }

    it('a self-signed certificate is refused (verification is on), and not retried', async () => {
      const s = await serve((_req, res) => json(res, 200, OK_BODY), tls);
      const delays = recordingDelays();
      const e = await rejection(client(s.url, { ...delays, maxAttempts: 3 })(SECRET_ID, deadline()));
      expect(e.name).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(e.retryable).toBe(false);
      expect(e.$metadata).toEqual({ attempts: 1 });
      expect(delays.calls).toEqual([]);
      expect(s.connections).toBe(1);
      expect(s.requests).toHaveLength(0); // nothing was sent over the untrusted connection
    });

    it('the same server, trusted: answered, and two calls share one kept-alive TLS connection', async () => {
      const s = await serve((_req, res) => json(res, 200, OK_BODY), tls);
      const run = await inTrustingProcess(s.url, 2);
      expect(run).toEqual({
        ok: [
          { SecretString: SECRET, VersionId: 'v-1' },
          { SecretString: SECRET, VersionId: 'v-1' },
        ],
      });
      expect(s.requests).toHaveLength(2);
      expect(s.connections).toBe(1);
    });

    it('a trusted certificate for another host name is refused, and not retried', async () => {
      const s = await serve((_req, res) => json(res, 200, OK_BODY), otherHost);
      const run = await inTrustingProcess(s.url, 1, 3);
      expect(run).toEqual({ error: 'ERR_TLS_CERT_ALTNAME_INVALID', metadata: { attempts: 1 }, ok: [] });
      expect(s.connections).toBe(1);
      expect(s.requests).toHaveLength(0);
    });
  });
});

describe('credentials from the environment (credentialSourceFromEnv)', () => {
  const logger = { info: () => {}, warn: () => {}, error: () => {} };

  it('no AWS_ACCESS_KEY_ID: CredentialsProviderError and no request; read again on the next call', async () => {
    const env: Record<string, string | undefined> = {
      AGORA_SECRET_ID: SECRET_ID,
      AWS_REGION: FAKE_REGION,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fakeUrl,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken,
    };
    const source = credentialSourceFromEnv(env, { logger, secretsManager: { retryDelayMs: () => 0 } });
    const error = await source.get().then(
      () => undefined,
      (e: unknown) => e,
    );
    errors.push(error);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as Error).message).toContain('CredentialsProviderError');
    expect(fake.requests).toHaveLength(0);

    env['AWS_ACCESS_KEY_ID'] = FAKE_CREDENTIALS.accessKeyId; // as Lambda refreshes the role's credentials
    expect(await source.get()).toMatchObject({ appCertificate: CERT });
    expect(fake.requests).toEqual([expect.objectContaining({ signature: 'valid' })]);
  });

  it('the built-in client itself: a credentials provider that throws sends nothing and is not retried', async () => {
    const delays = recordingDelays();
    const e = await rejection(
      client(fakeUrl, {
        ...delays,
        credentials: () => {
          throw new SecretsManagerError('CredentialsProviderError', 'no credentials', { retryable: false });
        },
      })(SECRET_ID, deadline()),
    );
    expect(e.name).toBe('CredentialsProviderError');
    expect(e.$metadata.attempts).toBe(1);
    expect(fake.requests).toHaveLength(0);
    expect(delays.calls).toEqual([]);
  });
});

// The default backoff, next to the SDK's own: the installed SDK's StandardRetryStrategy is driven through
// its retries (fake timers, the same Math.random) and the delays it waits are read from its retry tokens.
describe('the default backoff is the SDK standard retry strategy’s', () => {
  const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@aws-sdk/client-secrets-manager'));
  const { StandardRetryStrategy } = sdkRequire('@smithy/core/retry') as {
    StandardRetryStrategy: new (
      maxAttempts: number,
    ) => {
      acquireInitialRetryToken(scope: string): Promise<unknown>;
      refreshRetryTokenForRetry(token: unknown, info: { errorType: string }): Promise<unknown>;
    };
  };

  async function sdkDelays(throttled: boolean, retries: number): Promise<number[]> {
    const strategy = new StandardRetryStrategy(retries + 1);
    let token = await strategy.acquireInitialRetryToken('');
    const delays: number[] = [];
    vi.useFakeTimers();
    try {
      for (let i = 0; i < retries; i++) {
        const next = strategy.refreshRetryTokenForRetry(token, {
          errorType: throttled ? 'THROTTLING' : 'TRANSIENT',
        });
        await vi.runAllTimersAsync();
        token = await next;
        delays.push((token as { $retryLog: { acquisitionDelay: number } }).$retryLog.acquisitionDelay);
      }
    } finally {
      vi.useRealTimers();
    }
    return delays;
  }

  it.each([0, 0.37, 0.999999])('Math.random() = %d: the same delays, retry 1 to 12', async (r) => {
    vi.spyOn(Math, 'random').mockReturnValue(r);
    for (const throttled of [false, true]) {
      const expected = await sdkDelays(throttled, 12);
      const ours = expected.map((_, i) => standardBackoffDelayMs(i + 1, throttled));
      expect({ throttled, delays: ours }).toEqual({ throttled, delays: expected });
    }
  });

  it('every delay is a whole number of milliseconds within [0, 20 s]', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const throttled of [false, true]) {
        const ms = standardBackoffDelayMs(attempt, throttled);
        expect(Number.isInteger(ms) && ms >= 0 && ms <= 20_000).toBe(true);
      }
    }
  });
});

describe('clock skew (the SDK corrects its clock from the Date header and retries; so does this client)', () => {
  afterEach(() => {
    fake.clockSkewMs = 0;
  });
  const signal = () => AbortSignal.timeout(5000);

  it.each([10 * 60_000, -10 * 60_000])(
    'a store %i ms off: the first request is refused, the corrected second one served',
    async (skew) => {
      fake.clockSkewMs = skew;
      const get = client(fakeUrl);
      const out = await get(SECRET_ID, signal());
      expect(out.SecretString).toBe(SECRET);
      expect(fake.requests.map((r) => r.signature)).toEqual(['InvalidSignatureException', 'valid']);
      // Learnt once: the next call is signed with the corrected clock straight away.
      await get(SECRET_ID, signal());
      expect(fake.requests.map((r) => r.signature)).toEqual(['InvalidSignatureException', 'valid', 'valid']);
    },
  );

  it('within the 5-minute window nothing is corrected or retried', async () => {
    fake.clockSkewMs = 4 * 60_000;
    await client(fakeUrl)(SECRET_ID, signal());
    expect(fake.requests.map((r) => r.signature)).toEqual(['valid']);
  });

  it('a signature refused for another reason (wrong secret key) is not retried however far the clocks are', async () => {
    fake.clockSkewMs = 10 * 60_000;
    const get = client(fakeUrl, {
      credentials: () => ({
        ...FAKE_CREDENTIALS,
        secretAccessKey: 'not-the-key-0000000000000000000000000000',
      }),
    });
    const error = await get(SECRET_ID, signal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    errors.push(error);
    expect(error).toBeInstanceOf(SecretsManagerError);
    expect((error as SecretsManagerError).name).toBe('InvalidSignatureException');
    // Corrected once (the clocks were apart), then refused for the key: two requests, not maxAttempts.
    expect(fake.requests).toHaveLength(2);
  });
});
