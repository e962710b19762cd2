// An independent AWS Signature Version 4 verifier (Authorization-header form, non-S3 services), written
// from the public SigV4 specification with node:crypto only. The Secrets Manager fake runs it on every
// request, so a client is only served if AWS itself would have accepted its signature.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far X-Amz-Date may be from the service's clock, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The raw request target as sent on the wire: path, optionally `?query`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Expectation {
  credentials: SigV4Credentials;
  region: string;
  service: string;
  /** The service's clock, in ms since the epoch. */
  now: number;
}

/** The error types an AWS JSON-protocol service answers for authentication failures. */
export type SigV4FailureType =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException';

export type SigV4Verdict =
  | { ok: true; signedHeaders: string[] }
  | { ok: false; type: SigV4FailureType; message: string; signedHeaders?: string[] };

interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  scopeTerminator: string;
  signedHeaders: string[];
  signature: string;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

export function verifySigV4(request: SignedRequest, expected: SigV4Expectation): SigV4Verdict {
  const authorization = single(request.headers.authorization);
  if (authorization === undefined) {
    return fail('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  }
  const parsed = parseAuthorization(authorization);
  if (typeof parsed === 'string') return fail('IncompleteSignatureException', parsed);
  const { signedHeaders } = parsed;
  const failWith = (type: SigV4FailureType, message: string): SigV4Verdict => ({
    ok: false,
    type,
    message,
    signedHeaders,
  });

  const amzDate = single(request.headers['x-amz-date']);
  if (amzDate === undefined) {
    return failWith(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    return failWith(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`,
    );
  }
  if (!signedHeaders.includes('host')) {
    return failWith(
      'IncompleteSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }

  if (signedAt < expected.now - MAX_CLOCK_SKEW_MS) {
    return failWith(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(expected.now - MAX_CLOCK_SKEW_MS)} ` +
        `(${formatAmzDate(expected.now)} - 5 min.)`,
    );
  }
  if (signedAt > expected.now + MAX_CLOCK_SKEW_MS) {
    return failWith(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(expected.now + MAX_CLOCK_SKEW_MS)} ` +
        `(${formatAmzDate(expected.now)} + 5 min.)`,
    );
  }

  if (parsed.accessKeyId !== expected.credentials.accessKeyId) {
    return failWith('UnrecognizedClientException', INVALID_TOKEN);
  }
  const sessionToken = single(request.headers['x-amz-security-token']);
  if (sessionToken !== expected.credentials.sessionToken) {
    return failWith('UnrecognizedClientException', INVALID_TOKEN);
  }

  if (parsed.scopeDate !== amzDate.slice(0, 8)) {
    return failWith(
      'InvalidSignatureException',
      `Credential should be scoped to a valid date: '${amzDate.slice(0, 8)}'.`,
    );
  }
  if (parsed.scopeRegion !== expected.region) {
    return failWith(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${parsed.scopeRegion}'.`,
    );
  }
  if (parsed.scopeService !== expected.service) {
    return failWith(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expected.service}'.`,
    );
  }
  if (parsed.scopeTerminator !== 'aws4_request') {
    return failWith(
      'InvalidSignatureException',
      "Credential should be scoped with a valid terminator: 'aws4_request'.",
    );
  }

  const bodyHash = sha256Hex(request.body);
  const declaredHash = single(request.headers['x-amz-content-sha256']);
  if (declaredHash !== undefined && declaredHash !== bodyHash) {
    return failWith(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }

  const scope = `${parsed.scopeDate}/${parsed.scopeRegion}/${parsed.scopeService}/aws4_request`;
  const canonical = canonicalRequest(request, signedHeaders, declaredHash ?? bodyHash);
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = signingKey(
    expected.credentials.secretAccessKey,
    parsed.scopeDate,
    parsed.scopeRegion,
    parsed.scopeService,
  );
  const computed = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const provided = Buffer.from(parsed.signature);
  if (provided.length !== computed.length || !timingSafeEqual(provided, computed)) {
    return failWith('InvalidSignatureException', MISMATCH);
  }
  return { ok: true, signedHeaders };
}

/** The canonical request of SigV4 (non-S3: path segments are URI-encoded once more). */
export function canonicalRequest(
  request: SignedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const queryAt = request.path.indexOf('?');
  const rawPath = queryAt === -1 ? request.path : request.path.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : request.path.slice(queryAt + 1);
  const headerLines = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`);
  return [
    request.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    headerLines.join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return [uriEncode(percentDecode(name)), uriEncode(percentDecode(value))] as const;
    });
  pairs.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** RFC 3986 encoding: every byte except A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex). */
function uriEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseAuthorization(header: string): ParsedAuthorization | string {
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) return `Unsupported AWS 'algorithm': '${algorithm}'.`;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature']
    .filter((name) => !fields.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (missing.length > 0) return missing.join(' ');
  const credential = (fields.get('Credential') ?? '').split('/');
  if (credential.length !== 5 || credential.some((p) => p === '')) {
    return "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '<redacted>'.";
  }
  const [accessKeyId, scopeDate, scopeRegion, scopeService, scopeTerminator] = credential as [
    string,
    string,
    string,
    string,
    string,
  ];
  const signature = fields.get('Signature') ?? '';
  const signedHeaders = (fields.get('SignedHeaders') ?? '').split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) {
    return 'SignedHeaders must be a semicolon-separated list of lower-case header names.';
  }
  return {
    accessKeyId,
    scopeDate,
    scopeRegion,
    scopeService,
    scopeTerminator,
    signedHeaders: [...signedHeaders].sort(compare),
    signature,
  };
}

function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  return Number.isNaN(ms) || formatAmzDate(ms) !== text ? undefined : ms;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function fail(type: SigV4FailureType, message: string): SigV4Verdict {
  return { ok: false, type, message };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
