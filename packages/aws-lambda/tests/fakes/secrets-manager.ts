// A loopback HTTP server that speaks the AWS Secrets Manager JSON 1.1 protocol for GetSecretValue,
// so the real @aws-sdk/client-secrets-manager can be pointed at it with AWS_ENDPOINT_URL_SECRETS_MANAGER.
// Every request must carry a valid AWS Signature Version 4 for FAKE_CREDENTIALS in FAKE_REGION (checked
// first, by tests/fakes/sigv4-verify.ts), as the real service demands; failures are answered with the
// error AWS sends. Faults are queued (one per request, in order) or set persistently (every request until
// cleared).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SigV4Credentials, verifySigV4 } from './sigv4-verify';

export const FAKE_REGION = 'us-east-1';
export const FAKE_ACCOUNT = '123456789012';
export const SECRETS_MANAGER_SIGNING_NAME = 'secretsmanager';
/** The only credentials the fake accepts (AWS's documented example key pair), unless overridden. */
export const FAKE_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'dummy-session-token',
} as const satisfies SigV4Credentials;

export interface SecretsManagerFakeOptions {
  /** The credentials requests must be signed with (default FAKE_CREDENTIALS). */
  credentials?: SigV4Credentials;
  /** The region requests must be scoped to (default FAKE_REGION). */
  region?: string;
}

export type SecretsManagerFault =
  /** A 4xx/5xx with `{"__type": type, "message"}`, exactly as the service sends its errors. */
  | { kind: 'error'; status: number; type: string; message?: string }
  /** Waits before answering normally (to exceed the client's request timeout). */
  | { kind: 'delay'; ms: number }
  /** Accepts the connection and never answers. */
  | { kind: 'hang' };

export const THROTTLING: SecretsManagerFault = {
  kind: 'error',
  status: 400,
  type: 'ThrottlingException',
  message: 'Rate exceeded',
};
export const INTERNAL_ERROR: SecretsManagerFault = {
  kind: 'error',
  status: 500,
  type: 'InternalServiceError',
  message: 'An error occurred on the server side.',
};

export interface RecordedRequest {
  target: string | undefined;
  contentType: string | undefined;
  secretId: unknown;
  /** The SigV4 credential scope (`AKID/date/region/service/aws4_request`) if the request was signed. */
  credentialScope: string | undefined;
  /** `'valid'`, or the error type the request was rejected with (e.g. `'InvalidSignatureException'`). */
  signature: 'valid' | string;
  /** The SignedHeaders of the Authorization header (sorted), if it could be parsed. */
  signedHeaders: string[] | undefined;
}

interface StoredSecret {
  value: string;
  versionId: string;
  createdDate: number;
}

export class SecretsManagerFake {
  readonly requests: RecordedRequest[] = [];
  readonly credentials: SigV4Credentials;
  readonly region: string;
  /** Added to the real clock to give the fake's clock (signature age checks and the Date header). */
  clockSkewMs = 0;
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly queuedFaults: SecretsManagerFault[] = [];
  private persistentFault: SecretsManagerFault | undefined;
  private server: Server | undefined;
  private versionCounter = 0;
  private readonly openResponses = new Set<ServerResponse>();

  constructor(options: SecretsManagerFakeOptions = {}) {
    this.credentials = options.credentials ?? FAKE_CREDENTIALS;
    this.region = options.region ?? FAKE_REGION;
  }

  /** Stores (or rotates to) a new SecretString under `secretId`, with a new VersionId. */
  putSecret(secretId: string, value: string): void {
    this.versionCounter++;
    this.secrets.set(secretId, {
      value,
      versionId: `00000000-0000-4000-8000-${String(this.versionCounter).padStart(12, '0')}`,
      createdDate: Date.now() / 1000,
    });
  }

  deleteSecret(secretId: string): void {
    this.secrets.delete(secretId);
  }

  /** Each queued fault answers exactly one request, in order; later requests are served normally. */
  queueFaults(...faults: SecretsManagerFault[]): void {
    this.queuedFaults.push(...faults);
  }

  /** Every request gets this fault until `clearFaults()`. */
  failAlways(fault: SecretsManagerFault): void {
    this.persistentFault = fault;
  }

  clearFaults(): void {
    this.queuedFaults.length = 0;
    this.persistentFault = undefined;
  }

  get getSecretValueCalls(): number {
    return this.requests.filter((r) => r.target === 'secretsmanager.GetSecretValue').length;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    for (const res of this.openResponses) res.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const now = Date.now() + this.clockSkewMs;
    // Like AWS, the Date header tells the client the service's time (the SDK corrects its skew from it).
    res.setHeader('date', new Date(now).toUTCString());
    const verdict = verifySigV4(
      { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw },
      {
        credentials: this.credentials,
        region: this.region,
        service: SECRETS_MANAGER_SIGNING_NAME,
        now,
      },
    );
    const target = header(req, 'x-amz-target');
    const contentType = header(req, 'content-type');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      body = {};
    }
    const authorization = header(req, 'authorization');
    const scope = authorization?.match(/Credential=([^,]+)/)?.[1];
    this.requests.push({
      target,
      contentType,
      secretId: body['SecretId'],
      credentialScope: scope,
      signature: verdict.ok ? 'valid' : verdict.type,
      signedHeaders: verdict.signedHeaders,
    });
    if (!verdict.ok) return sendError(res, 400, verdict.type, verdict.message);

    if (req.method !== 'POST' || contentType !== 'application/x-amz-json-1.1') {
      return sendError(res, 400, 'SerializationException', 'Expected POST application/x-amz-json-1.1');
    }
    if (target !== 'secretsmanager.GetSecretValue') {
      return sendError(res, 400, 'UnknownOperationException', 'Only GetSecretValue is implemented');
    }

    const fault = this.queuedFaults.shift() ?? this.persistentFault;
    if (fault?.kind === 'hang') {
      this.openResponses.add(res);
      res.on('close', () => this.openResponses.delete(res));
      return;
    }
    if (fault?.kind === 'delay') {
      this.openResponses.add(res);
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      this.openResponses.delete(res);
      if (res.destroyed) return;
    }
    if (fault?.kind === 'error') {
      return sendError(res, fault.status, fault.type, fault.message ?? fault.type);
    }

    const secretId = body['SecretId'];
    if (typeof secretId !== 'string' || secretId.length === 0) {
      return sendError(res, 400, 'InvalidParameterException', 'SecretId is required');
    }
    const secret = this.secrets.get(secretId);
    if (!secret) {
      return sendError(
        res,
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    const name = secretId.startsWith('arn:') ? (secretId.split(':')[6] ?? secretId) : secretId;
    send(res, 200, {
      ARN: `arn:aws:secretsmanager:${this.region}:${FAKE_ACCOUNT}:secret:${name}-AbCdEf`,
      Name: name,
      SecretString: secret.value,
      VersionId: secret.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdDate,
    });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { __type: type, message });
}
