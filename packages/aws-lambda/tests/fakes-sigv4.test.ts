// The Secrets Manager fake verifies AWS Signature Version 4 like the real service: the real SDK's requests
// pass, requests signed with the wrong credentials, region or clock fail with the error AWS sends, and a
// captured SDK request fails as soon as one signed byte of it is changed. The verifier itself is checked
// against @smithy/signature-v4 (the SDK's signer) on requests of our own making.
import { createHash, createHmac } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, FAKE_REGION, SecretsManagerFake } from './fakes/secrets-manager';
import { type SignedRequest, type SigV4Credentials, signingKey, verifySigV4 } from './fakes/sigv4-verify';

const SECRET_ID = 'tokenfn/agora';
const SECRET_VALUE = JSON.stringify({ appId: 'a'.repeat(32), appCertificate: 'b'.repeat(32) });
const MINUTE = 60_000;

const fake = new SecretsManagerFake();
let endpoint: string;

beforeAll(async () => {
  endpoint = await fake.start();
  fake.putSecret(SECRET_ID, SECRET_VALUE);
});
afterEach(() => {
  fake.requests.length = 0;
  fake.clockSkewMs = 0;
});
afterAll(async () => {
  await fake.close();
});

function sdkClient(
  o: { region?: string; credentials?: SigV4Credentials; endpoint?: string; systemClockOffset?: number } = {},
) {
  return new SecretsManagerClient({
    region: o.region ?? FAKE_REGION,
    endpoint: o.endpoint ?? endpoint,
    credentials: o.credentials ?? FAKE_CREDENTIALS,
    maxAttempts: 1,
    ...(o.systemClockOffset === undefined ? {} : { systemClockOffset: o.systemClockOffset }),
  });
}

async function sdkError(
  client: SecretsManagerClient,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const error = await client.send(new GetSecretValueCommand({ SecretId: SECRET_ID })).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('the real SDK against the verifying fake', () => {
  it('signed with FAKE_CREDENTIALS in FAKE_REGION: served, and every request verified', async () => {
    const out = await sdkClient().send(new GetSecretValueCommand({ SecretId: SECRET_ID }));
    expect(out.SecretString).toBe(SECRET_VALUE);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const r of fake.requests) expect(r.signature).toBe('valid');
    const signed = fake.requests[0]?.signedHeaders ?? [];
    expect(signed).toEqual([...signed].sort());
    expect(signed).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']),
    );
  });

  const rejected: { what: string; options: Parameters<typeof sdkClient>[0]; type: string }[] = [
    {
      what: 'a wrong secret key',
      options: {
        credentials: { ...FAKE_CREDENTIALS, secretAccessKey: `${FAKE_CREDENTIALS.secretAccessKey}x` },
      },
      type: 'InvalidSignatureException',
    },
    {
      what: 'an unknown access key id',
      options: { credentials: { ...FAKE_CREDENTIALS, accessKeyId: 'AKIAI44QH8DHBEXAMPLE' } },
      type: 'UnrecognizedClientException',
    },
    {
      what: 'a wrong session token',
      options: { credentials: { ...FAKE_CREDENTIALS, sessionToken: 'another-session-token' } },
      type: 'UnrecognizedClientException',
    },
    {
      what: 'no session token',
      options: {
        credentials: {
          accessKeyId: FAKE_CREDENTIALS.accessKeyId,
          secretAccessKey: FAKE_CREDENTIALS.secretAccessKey,
        },
      },
      type: 'UnrecognizedClientException',
    },
    { what: 'a wrong region', options: { region: 'eu-west-1' }, type: 'InvalidSignatureException' },
  ];

  it.each(rejected)('$what: the SDK call fails with $type', async ({ options, type }) => {
    const error = await sdkError(sdkClient(options));
    expect(error.name).toBe(type);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(fake.requests.map((r) => r.signature)).toEqual([type]);
  });

  it('a fake clock 10 minutes ahead: rejected as expired, the SDK corrects its clock from Date and retries', async () => {
    fake.clockSkewMs = 10 * MINUTE;
    const client = new SecretsManagerClient({
      region: FAKE_REGION,
      endpoint,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 2,
    });
    const out = await client.send(new GetSecretValueCommand({ SecretId: SECRET_ID }));
    expect(out.SecretString).toBe(SECRET_VALUE);
    expect(fake.requests.map((r) => r.signature)).toEqual(['InvalidSignatureException', 'valid']);
  });

  it('a fake clock 10 minutes ahead and no retry: InvalidSignatureException "Signature expired"', async () => {
    fake.clockSkewMs = 10 * MINUTE;
    const error = await sdkError(sdkClient());
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });
});

interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Lets the real SDK sign a GetSecretValue and returns the request exactly as it came off the wire. */
async function captureSdkRequest(systemClockOffset?: number): Promise<CapturedRequest> {
  let captured: CapturedRequest | undefined;
  const recorder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: SECRET_ID, SecretString: 'recorded' }));
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = recorder.address() as AddressInfo;
    const client = sdkClient({
      endpoint: `http://127.0.0.1:${port}`,
      ...(systemClockOffset === undefined ? {} : { systemClockOffset }),
    });
    await client.send(new GetSecretValueCommand({ SecretId: SECRET_ID }));
  } finally {
    recorder.closeAllConnections();
    await new Promise<void>((resolve) => recorder.close(() => resolve()));
  }
  if (!captured) throw new Error('the SDK sent nothing');
  return captured;
}

/** Sends a (possibly altered) captured request to the fake as-is; returns status and error type. */
async function replay(r: CapturedRequest): Promise<{ status: number; type: unknown; message: unknown }> {
  const url = new URL(endpoint);
  const headers: OutgoingHttpHeaders = { ...r.headers, 'content-length': r.body.length };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          resolve({ status: res.statusCode ?? 0, type: body['__type'], message: body['message'] });
        });
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

function withHeaders(r: CapturedRequest, change: Record<string, string | undefined>): CapturedRequest {
  const headers = { ...r.headers };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...r, headers };
}

describe('a captured SDK request, replayed with one change', () => {
  let original: CapturedRequest;
  beforeAll(async () => {
    original = await captureSdkRequest();
  });

  it('unchanged: served (the replay itself is faithful)', async () => {
    const out = await replay(original);
    expect(out.status).toBe(200);
    expect(fake.requests.map((r) => r.signature)).toEqual(['valid']);
  });

  function bodyWithOneByteChanged(): Buffer {
    const body = Buffer.from(original.body);
    const at = body.indexOf('tokenfn');
    expect(at).toBeGreaterThanOrEqual(0);
    body[at] = 'T'.charCodeAt(0);
    return body;
  }

  it('one byte of the body changed: InvalidSignatureException (the signed x-amz-content-sha256 differs)', async () => {
    expect(original.headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update(original.body).digest('hex'),
    );
    const out = await replay({ ...original, body: bodyWithOneByteChanged() });
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
  });

  it('one byte of the body changed and x-amz-content-sha256 made to match: InvalidSignatureException', async () => {
    const body = bodyWithOneByteChanged();
    const hash = createHash('sha256').update(body).digest('hex');
    const out = await replay({ ...withHeaders(original, { 'x-amz-content-sha256': hash }), body });
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
    expect(out.message).toMatch(/does not match the signature you provided/);
  });

  it('one byte of the body changed and x-amz-content-sha256 dropped: InvalidSignatureException', async () => {
    const out = await replay({
      ...withHeaders(original, { 'x-amz-content-sha256': undefined }),
      body: bodyWithOneByteChanged(),
    });
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
    expect(out.message).toMatch(/does not match the signature you provided/);
  });

  it('a signed header value changed: InvalidSignatureException', async () => {
    const out = await replay(withHeaders(original, { 'x-amz-target': 'secretsmanager.GetSecretValuE' }));
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
  });

  it('an unsigned header added: still served', async () => {
    expect(original.headers['x-extra-unsigned']).toBeUndefined();
    const out = await replay(withHeaders(original, { 'x-extra-unsigned': 'anything' }));
    expect(out.status).toBe(200);
  });

  it('signed 6 minutes ago (SDK clock offset): InvalidSignatureException "Signature expired"', async () => {
    const old = await captureSdkRequest(-6 * MINUTE);
    const out = await replay(old);
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
    expect(out.message).toMatch(/^Signature expired: /);
  });

  it('signed 6 minutes in the future: InvalidSignatureException "Signature not yet current"', async () => {
    const early = await captureSdkRequest(6 * MINUTE);
    const out = await replay(early);
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
    expect(out.message).toMatch(/^Signature not yet current: /);
  });

  it('the fake clock 6 minutes ahead of a fresh request: expired; 4 minutes: served', async () => {
    fake.clockSkewMs = 6 * MINUTE;
    expect((await replay(original)).type).toBe('InvalidSignatureException');
    fake.clockSkewMs = 4 * MINUTE;
    expect((await replay(original)).status).toBe(200);
  });

  it('X-Amz-Date moved back 6 minutes without re-signing: InvalidSignatureException', async () => {
    const date = String(original.headers['x-amz-date']);
    const moved = new Date(
      Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) -
        6 * MINUTE,
    );
    const amzDate = moved
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const out = await replay(withHeaders(original, { 'x-amz-date': amzDate }));
    expect(out).toMatchObject({ status: 400, type: 'InvalidSignatureException' });
  });

  it('no Authorization header: MissingAuthenticationTokenException', async () => {
    const out = await replay(withHeaders(original, { authorization: undefined }));
    expect(out).toMatchObject({ status: 400, type: 'MissingAuthenticationTokenException' });
  });

  it('Authorization without its Signature: IncompleteSignatureException', async () => {
    const auth = String(original.headers.authorization).replace(/, Signature=[0-9a-f]+$/, '');
    expect(auth).not.toBe(original.headers.authorization);
    const out = await replay(withHeaders(original, { authorization: auth }));
    expect(out).toMatchObject({ status: 400, type: 'IncompleteSignatureException' });
    expect(String(out.message)).not.toContain(FAKE_CREDENTIALS.accessKeyId);
  });

  it('host removed from SignedHeaders: IncompleteSignatureException', async () => {
    const auth = String(original.headers.authorization).replace(
      /SignedHeaders=([^,]*)/,
      (_m, list: string) =>
        `SignedHeaders=${list
          .split(';')
          .filter((h) => h !== 'host')
          .join(';')}`,
    );
    expect(auth).not.toBe(original.headers.authorization);
    const out = await replay(withHeaders(original, { authorization: auth }));
    expect(out).toMatchObject({ status: 400, type: 'IncompleteSignatureException' });
  });

  it('no X-Amz-Date: IncompleteSignatureException', async () => {
    const out = await replay(withHeaders(original, { 'x-amz-date': undefined }));
    expect(out).toMatchObject({ status: 400, type: 'IncompleteSignatureException' });
  });

  it('the session token changed: UnrecognizedClientException', async () => {
    const out = await replay(withHeaders(original, { 'x-amz-security-token': 'stolen' }));
    expect(out).toMatchObject({ status: 400, type: 'UnrecognizedClientException' });
  });
});

/** A node:crypto SHA-256 / HMAC-SHA-256 in the shape @smithy/signature-v4 expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

interface Example {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

/** Signs `example` with @smithy/signature-v4 and returns it as it would arrive at a node:http server. */
async function signWithSmithy(
  example: Example,
  o: {
    credentials: SigV4Credentials;
    region: string;
    service: string;
    at: Date;
    /** Whether the signer adds (and signs) x-amz-content-sha256, as the SDK does by default. */
    applyChecksum?: boolean;
  },
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    applyChecksum: o.applyChecksum ?? true,
    credentials: o.credentials,
    region: o.region,
    service: o.service,
    sha256: NodeSha256,
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: example.method,
      protocol: 'http:',
      hostname: example.headers['host'] ?? '',
      path: example.path,
      query: example.query ?? {},
      headers: example.headers,
      body: example.body,
    },
    { signingDate: o.at },
  );
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    headers[name.toLowerCase()] = value.trim();
  }
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(example.query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
  }
  const qs = search.toString().replace(/\+/g, '%20');
  return {
    method: example.method,
    path: qs ? `${example.path}?${qs}` : example.path,
    headers,
    body: Buffer.from(example.body ?? ''),
  };
}

describe('verifySigV4 (unit)', () => {
  const exampleCredentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  };
  const at = new Date('2015-08-30T12:36:00Z');
  const expectation = {
    credentials: exampleCredentials,
    region: 'us-east-1',
    service: 'service',
    now: at.getTime(),
  };

  it('derives the signing key of the worked example in the AWS SigV4 documentation', () => {
    expect(
      signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex'),
    ).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });

  // The "get-vanilla" case of the AWS SigV4 test suite: GET / with only host and x-amz-date signed;
  // the signature below is the one AWS publishes for it.
  const getVanillaAuthorization =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
    'SignedHeaders=host;x-amz-date, ' +
    'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

  it('accepts "get-vanilla" with its published signature', () => {
    const request: SignedRequest = {
      method: 'GET',
      path: '/',
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization: getVanillaAuthorization,
      },
      body: Buffer.alloc(0),
    };
    expect(verifySigV4(request, expectation)).toEqual({ ok: true, signedHeaders: ['host', 'x-amz-date'] });
    const flipped = getVanillaAuthorization.replace(/f31$/, 'f30');
    expect(
      verifySigV4({ ...request, headers: { ...request.headers, authorization: flipped } }, expectation),
    ).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
  });

  it('accepts "get-vanilla" as the SDK signer signs it (same signature without x-amz-content-sha256)', async () => {
    const request = await signWithSmithy(
      { method: 'GET', path: '/', headers: { host: 'example.amazonaws.com' } },
      { ...expectation, at, applyChecksum: false },
    );
    expect(request.headers.authorization).toBe(getVanillaAuthorization);
    expect(verifySigV4(request, expectation)).toEqual({
      ok: true,
      signedHeaders: ['host', 'x-amz-date'],
    });
    expect(verifySigV4(request, { ...expectation, service: 'other' })).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
    });
  });

  const examples: [string, Example][] = [
    [
      'a query string to sort and encode',
      {
        method: 'GET',
        path: '/',
        query: { 'b key': 'x y', a: ['2', '1'], 'c~-_.': 'é/=&' },
        headers: { host: 'example.amazonaws.com' },
      },
    ],
    [
      'header values with inner whitespace runs, mixed-case names',
      {
        method: 'POST',
        path: '/',
        headers: {
          host: 'example.amazonaws.com',
          'My-Header1': 'a   b \t c',
          'X-Amz-Target': 'svc.Op',
          'Content-Type': 'application/x-amz-json-1.1',
        },
        body: '{"Key":"value with ünïcode"}',
      },
    ],
    [
      'a path with segments to encode and normalise',
      {
        method: 'GET',
        path: '/a%20b/./c/../d%2Fe/',
        headers: { host: 'example.amazonaws.com' },
      },
    ],
  ];

  it.each(examples)('accepts %s, and rejects it once any signed part changes', async (_what, example) => {
    const request = await signWithSmithy(example, { ...expectation, at });
    expect(verifySigV4(request, expectation)).toMatchObject({ ok: true });

    const variants: SignedRequest[] = [
      { ...request, method: request.method === 'GET' ? 'HEAD' : 'PUT' },
      { ...request, path: `${request.path}${request.path.includes('?') ? '&' : '?'}z=1` },
      { ...request, body: Buffer.concat([request.body, Buffer.from(' ')]) },
      { ...request, headers: { ...request.headers, host: 'example.amazonaws.com:8443' } },
    ];
    for (const variant of variants) {
      expect(verifySigV4(variant, expectation)).toMatchObject({
        ok: false,
        type: 'InvalidSignatureException',
      });
    }
  });

  it('rejects a signature in upper-case hex and one a byte short', async () => {
    const request = await signWithSmithy(
      { method: 'GET', path: '/', headers: { host: 'example.amazonaws.com' } },
      { ...expectation, at },
    );
    const auth = String(request.headers.authorization);
    for (const changed of [
      auth.replace(/Signature=([0-9a-f]+)$/, (_m, s: string) => `Signature=${s.toUpperCase()}`),
      auth.slice(0, -2),
    ]) {
      expect(
        verifySigV4({ ...request, headers: { ...request.headers, authorization: changed } }, expectation),
      ).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    }
  });

  it('checks x-amz-content-sha256 against the body when it is sent', async () => {
    const body = '{"a":1}';
    const request = await signWithSmithy(
      {
        method: 'POST',
        path: '/',
        headers: {
          host: 'example.amazonaws.com',
          'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        },
        body,
      },
      { ...expectation, at },
    );
    expect(verifySigV4(request, expectation)).toMatchObject({ ok: true });
    expect(verifySigV4({ ...request, body: Buffer.from('{"a":2}') }, expectation)).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
    });
  });

  it('the 5-minute window: accepted at 4:59 either way, rejected at 5:01', async () => {
    const request = await signWithSmithy(
      { method: 'GET', path: '/', headers: { host: 'example.amazonaws.com' } },
      { ...expectation, at },
    );
    const t = at.getTime();
    for (const now of [t - 299_000, t + 299_000]) {
      expect(verifySigV4(request, { ...expectation, now })).toMatchObject({ ok: true });
    }
    expect(verifySigV4(request, { ...expectation, now: t + 301_000 })).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: 20150830T123600Z is now earlier than/),
    });
    expect(verifySigV4(request, { ...expectation, now: t - 301_000 })).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature not yet current: /),
    });
  });

  it('a request with a session token is only accepted with the same token', async () => {
    const credentials = { ...exampleCredentials, sessionToken: 'token-1' };
    const request = await signWithSmithy(
      { method: 'GET', path: '/', headers: { host: 'example.amazonaws.com' } },
      { ...expectation, credentials, at },
    );
    expect(request.headers['x-amz-security-token']).toBe('token-1');
    expect(verifySigV4(request, { ...expectation, credentials })).toMatchObject({ ok: true });
    for (const other of [exampleCredentials, { ...exampleCredentials, sessionToken: 'token-2' }]) {
      expect(verifySigV4(request, { ...expectation, credentials: other })).toMatchObject({
        ok: false,
        type: 'UnrecognizedClientException',
      });
    }
  });
});
