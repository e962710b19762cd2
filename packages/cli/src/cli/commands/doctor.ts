import {
  buildRtcToken,
  DEMO_CREDENTIALS,
  decodeToken,
  diagnoseToken,
  type Finding,
  isHex32,
  verifyToken,
} from '@tokenfn/core';
import { ConfigError, credentialVariablesForm, isLoopbackHost } from '@tokenfn/http';
import { booleanOption, expectPositionals, parseCommandArgs, stringOption } from '../args';
import type { Command } from '../command';
import {
  APP_CERTIFICATE_ENV,
  APP_ID_ENV,
  APPS_ENV,
  appsFromEnv,
  type CheckingCredentials,
  credentialsToCheck,
  DEFAULT_APP_ENV,
  envValue,
  PREVIOUS_CERTIFICATE_ENV,
} from '../credentials';
import { EXIT_FAILURE, EXIT_OK, StdinTooLargeError, UsageError } from '../errors';
import { formatFindings } from '../format/findings';
import { asciiJson, safeText } from '../format/safe-text';
import { shortDuration } from '../format/time';
import type { CliIo } from '../io';

export const API_KEY_ENV = 'TOKENFN_API_KEY';
export const BEARER_ENV = 'TOKENFN_BEARER';

const options = {
  url: { type: 'string' },
  'api-key': { type: 'boolean' },
  bearer: { type: 'boolean' },
  origin: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One line of the checklist. */
export interface Check {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
  /** For the minted token: what diagnoseToken says about it. */
  findings?: Finding[];
}

/** The channel and uid of the token doctor mints (nothing joins with it). */
const PROBE = { channel: 'tokenfn-doctor', uid: 4242, expiresIn: 300 } as const;
/** Clock differences up to this are the Date header's own resolution and the network's. */
const CLOCK_OK_SECONDS = 5;
/** Beyond this, tokens issued by the deployment are off enough to matter. */
const CLOCK_BAD_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 10_000;
/** No answer doctor reads is larger than a small JSON document; the rest of a larger one is not read. */
const MAX_ANSWER_BYTES = 256 * 1024;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check your credentials, or a deployment (--url): health, readiness, clock, CORS, a minted token',
  help: `Usage: tokenfn doctor [--json]
       tokenfn doctor --url URL [--api-key | --bearer] [--origin ORIGIN] [--json]

Without --url, checks ${APP_ID_ENV} and ${APP_CERTIFICATE_ENV}: 32 hexadecimal characters each, no
quotes or spaces around them (a .env file copied from Windows leaves a \\r), not the App ID pasted as
the certificate, not the demo values; then mints a token with them and verifies it. With ${APPS_ENV}
(several apps) instead: the document, ${DEFAULT_APP_ENV}, and the same pair checks and token for each app.

With --url, checks a deployment of the token service: GET /healthz, GET /readyz (the credentials
load), GET /openapi.json, the server's clock (its Date header) against this one, mints one RTC token
(POST /v1/tokens/rtc, channel "${PROBE.channel}", uid ${PROBE.uid}) and explains it (with
${APP_ID_ENV} / ${APP_CERTIFICATE_ENV} set here, or ${APPS_ENV} holding the token's App ID, also its
App ID and signature), and with --origin the CORS answer for that origin.

Options:
  --url URL            the deployment's base URL (https://…; http only for loopback)
  --api-key            send the API key (X-API-Key) from ${API_KEY_ENV}, or else from standard input
  --bearer             send a JWT (Authorization: Bearer) from ${BEARER_ENV}, or else standard input
  --origin ORIGIN      the web app's origin (https://app.example.com): check CORS for it
  --json               print {ok, url?, checks: [{id, status: pass|warn|fail, title, detail, fix?}]}
  -h, --help           show this help

Keys, tokens and certificates are never taken from the command line and never printed.

Exit status: 0 every check passed (warnings allowed), 1 a check failed, 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    expectPositionals(positionals, []);
    const url = stringOption(values, 'url');
    const json = booleanOption(values, 'json');
    if (url === undefined) {
      for (const flag of ['api-key', 'bearer', 'origin']) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --url`);
      }
    }
    const checks = url === undefined ? localChecks(io) : await remoteChecks(io, baseUrl(url), values);
    const ok = checks.every((c) => c.status !== 'fail');
    if (json) {
      const out = { ok, ...(url !== undefined ? { url: baseUrl(url) } : {}), checks };
      io.stdout(`${asciiJson(JSON.stringify(out, null, 2))}\n`);
    } else {
      io.stdout(checklist(checks, ok));
    }
    return ok ? EXIT_OK : EXIT_FAILURE;
  },
};

// ---- output ----------------------------------------------------------------------------------------

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗' };

function checklist(checks: readonly Check[], ok: boolean): string {
  const width = Math.max(...checks.map((c) => c.title.length)) + 2;
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${MARK[c.status]} ${c.title.padEnd(width)}${asciiJson(c.detail)}`);
    if (c.fix) lines.push(`  ${' '.repeat(width)}fix: ${asciiJson(c.fix)}`);
    const shown = c.findings?.filter((f) => f.severity !== 'info') ?? [];
    if (shown.length > 0) lines.push(formatFindings(shown, `  ${' '.repeat(width)}`));
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const tail = warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : '';
  lines.push('', ok ? `all checks passed${tail}` : `${failed} of ${checks.length} checks failed${tail}`);
  return `${lines.join('\n')}\n`;
}

// ---- local: the credentials in the environment -----------------------------------------------------

/** What is wrong with the shape of a credential value, in words that never include the value. */
function shapeProblem(value: string): { detail: string; fix: string } | undefined {
  const trimmed = value.trim();
  if (/^(["'`]).*\1$/s.test(trimmed) && trimmed.length >= 2) {
    return {
      detail: 'is wrapped in quotes',
      fix: 'remove the quotes (a .env file takes the value as it is)',
    };
  }
  if (trimmed !== value) {
    const cr = /\r/.test(value);
    return {
      detail: cr
        ? 'ends with a carriage return (\\r): the .env file has Windows line ends'
        : 'has spaces or line breaks around it',
      fix: cr ? 'save the .env file with Unix line ends (LF)' : 'remove the spaces and line breaks around it',
    };
  }
  if (/\s/.test(value))
    return { detail: 'has spaces inside', fix: 'copy it again from the Agora console, in one piece' };
  if (value.length !== 32) {
    return {
      detail: `is ${value.length} characters long, not 32`,
      fix: 'copy all of it from the Agora console',
    };
  }
  if (!isHex32(value)) {
    return { detail: 'has characters other than 0-9 and a-f', fix: 'copy it again from the Agora console' };
  }
  return undefined;
}

function localChecks(io: CliIo): Check[] {
  if (envValue(io, APPS_ENV) !== undefined) return appsChecks(io);
  const appId = io.env[APP_ID_ENV];
  const cert = io.env[APP_CERTIFICATE_ENV];
  const checks: Check[] = [];
  if ((appId === undefined || appId === '') && (cert === undefined || cert === '')) {
    return [
      {
        id: 'credentials',
        status: 'warn',
        title: 'credentials',
        detail: `${APP_ID_ENV} and ${APP_CERTIFICATE_ENV} are not set: tokenfn uses Agora's public demo credentials`,
        fix: `set both to your project's values (Agora console: App ID, and its primary certificate)`,
      },
      mintCheck(DEMO_CREDENTIALS.appId, DEMO_CREDENTIALS.appCertificate, io),
    ];
  }
  for (const [name, value] of [
    [APP_ID_ENV, appId],
    [APP_CERTIFICATE_ENV, cert],
  ] as const) {
    if (value === undefined || value === '') {
      const other = name === APP_ID_ENV ? APP_CERTIFICATE_ENV : APP_ID_ENV;
      checks.push({
        id: name,
        status: 'fail',
        title: name,
        detail: `is not set, but ${other} is`,
        fix: 'set both (or neither, for the demo credentials)',
      });
      continue;
    }
    const problem = shapeProblem(value);
    if (problem) {
      checks.push({ id: name, status: 'fail', title: name, ...problem });
      continue;
    }
    // The App ID is no secret (every token carries it); the certificate is never shown.
    checks.push({
      id: name,
      status: 'pass',
      title: name,
      detail: name === APP_ID_ENV ? `32 hexadecimal characters (${value})` : '32 hexadecimal characters',
    });
  }
  // Whether the two belong together is worth saying even while one still has quotes or spaces around it.
  const [id, certificate] = [cleaned(appId), cleaned(cert)];
  if (isHex32(id) && isHex32(certificate)) {
    const pair = pairCheck(id, certificate);
    if (pair) checks.push(pair);
  }
  const previous = envValue(io, PREVIOUS_CERTIFICATE_ENV);
  if (previous !== undefined) {
    const problem = shapeProblem(previous);
    checks.push(
      problem
        ? { id: PREVIOUS_CERTIFICATE_ENV, status: 'fail', title: PREVIOUS_CERTIFICATE_ENV, ...problem }
        : { ...previousCheck(cleaned(appId), certificate, previous), id: PREVIOUS_CERTIFICATE_ENV },
    );
  }
  // Minting proves only that the pair is usable together: not worth a line while something above failed.
  if (isHex32(appId) && isHex32(cert) && checks.every((c) => c.status !== 'fail')) {
    checks.push(mintCheck(appId, cert, io));
  }
  return checks;
}

/**
 * The certificate being rotated out (AGORA_PREVIOUS_APP_CERTIFICATE, or an app's previousAppCertificate):
 * tokens it signed keep verifying until they expire. Neither the current certificate nor the App ID.
 */
function previousCheck(appId: string, current: string, previous: string): Check {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const wrong = same(previous, current)
    ? {
        detail: 'is the current certificate itself',
        fix: 'set the certificate being rotated out, or remove it',
      }
    : same(previous, appId)
      ? { detail: 'is the App ID', fix: 'set the certificate being rotated out, not the App ID' }
      : undefined;
  return wrong
    ? { id: 'previous', status: 'fail', title: 'previous certificate', ...wrong }
    : {
        id: 'previous',
        status: 'pass',
        title: 'previous certificate',
        detail:
          'set: a rotation is under way, tokens it signed still verify (remove it once they have expired)',
      };
}

/**
 * AGORA_APPS (several apps, the document the service's secret holds): the only form of credentials set,
 * a document that parses, a default app the commands can use, and each app's pair minting a token that
 * verifies. Certificates are never shown; App IDs and app names are.
 */
function appsChecks(io: CliIo): Check[] {
  try {
    credentialVariablesForm((name) => envValue(io, name) !== undefined);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      {
        id: 'credentials',
        status: 'fail',
        title: 'credentials',
        detail: `${APPS_ENV} and ${APP_ID_ENV}/${APP_CERTIFICATE_ENV} are both set`,
        fix: `set one form only: ${APPS_ENV} for several apps, or ${APP_ID_ENV} and ${APP_CERTIFICATE_ENV} for one`,
      },
    ];
  }
  let apps: NonNullable<ReturnType<typeof appsFromEnv>>;
  try {
    apps = appsFromEnv(io)!; // set: this is the AGORA_APPS branch
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return [
      {
        id: APPS_ENV,
        status: 'fail',
        title: APPS_ENV,
        detail: error.message.replace(`${APPS_ENV} `, ''),
        fix: 'write it as {"apps": {"<name>": {"appId": "...", "appCertificate": "..."}, ...}}',
      },
    ];
  }
  const names = Object.keys(apps);
  const checks: Check[] = [
    {
      id: APPS_ENV,
      status: 'pass',
      title: APPS_ENV,
      detail: `${names.length} app${names.length === 1 ? '' : 's'}: ${names.join(', ')}`,
    },
  ];
  const defaultApp = envValue(io, DEFAULT_APP_ENV);
  if (defaultApp !== undefined && !names.includes(defaultApp)) {
    checks.push({
      id: DEFAULT_APP_ENV,
      status: 'fail',
      title: DEFAULT_APP_ENV,
      detail: `names no app of ${APPS_ENV}`,
      fix: `set it to one of ${names.join(', ')}`,
    });
  } else if (defaultApp === undefined && names.length > 1) {
    checks.push({
      id: DEFAULT_APP_ENV,
      status: 'warn',
      title: DEFAULT_APP_ENV,
      detail: `is not set and ${APPS_ENV} holds several apps: each tokenfn command needs --app NAME`,
      fix: `set ${DEFAULT_APP_ENV} to the app to use when none is named`,
    });
  }
  for (const name of names) {
    const app = apps[name]!;
    const own = (c: Check): Check => ({ ...c, id: `${name}:${c.id}`, title: `app ${name}: ${c.title}` });
    const pair = pairCheck(app.appId, app.appCertificate);
    if (pair) checks.push(own(pair));
    if (app.previousAppCertificate !== undefined) {
      checks.push(own(previousCheck(app.appId, app.appCertificate, app.previousAppCertificate)));
    }
    if (pair?.status !== 'fail') checks.push(own(mintCheck(app.appId, app.appCertificate, io)));
  }
  return checks;
}

/** A value with the usual copy-and-paste debris (quotes, white space) taken off. */
function cleaned(value: string | undefined): string {
  return (value ?? '')
    .trim()
    .replace(/^(["'`])(.*)\1$/s, '$2')
    .trim();
}

function pairCheck(appId: string, cert: string): Check | undefined {
  if (appId.toLowerCase() === cert.toLowerCase()) {
    return {
      id: 'pair',
      status: 'fail',
      title: 'certificate vs App ID',
      detail: `${APP_CERTIFICATE_ENV} is the App ID itself`,
      fix: 'copy the primary certificate (Agora console, the project, Security), not the App ID',
    };
  }
  if (appId === DEMO_CREDENTIALS.appId || cert === DEMO_CREDENTIALS.appCertificate) {
    const both = appId === DEMO_CREDENTIALS.appId && cert === DEMO_CREDENTIALS.appCertificate;
    return {
      id: 'pair',
      status: both ? 'warn' : 'fail',
      title: 'certificate vs App ID',
      detail: both
        ? "these are Agora's public demo credentials: for tests only"
        : `one of them is Agora's public demo value and the other is not: they do not belong together`,
      fix: both
        ? 'use your own project for anything real'
        : 'set the App ID and certificate of the same project',
    };
  }
  return undefined;
}

function mintCheck(appId: string, appCertificate: string, io: CliIo): Check {
  const now = Math.floor(io.now() / 1000);
  const token = buildRtcToken(
    { appId, appCertificate },
    { channel: PROBE.channel, uid: PROBE.uid, role: 'publisher', expiresIn: PROBE.expiresIn },
    { issueTs: now },
  );
  const verified = verifyToken(token, appCertificate);
  const diagnosis = diagnoseToken(
    token,
    { product: 'rtc', channel: PROBE.channel, uid: PROBE.uid, publish: true },
    { now, appId, appCertificate },
  );
  const ok = verified && diagnosis.allowsIntent;
  return {
    id: 'mint',
    status: ok ? 'pass' : 'fail',
    title: 'mint and verify',
    detail: ok
      ? `an RTC token minted with them verifies and allows channel "${PROBE.channel}", uid ${PROBE.uid}`
      : 'a token minted with them does not verify',
    findings: diagnosis.findings,
  };
}

// ---- remote: a deployment --------------------------------------------------------------------------

function baseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('--url must be an absolute URL, such as https://tokens.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError('--url must be http:// or https://');
  if (url.username || url.password) throw new UsageError('--url must not carry a user name or password');
  if (url.search || url.hash) throw new UsageError('--url is the base URL, without ?query or #fragment');
  return url.href.replace(/\/+$/, '');
}

function isLoopbackUrl(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}

async function secretFrom(io: CliIo, envName: string, flag: string): Promise<string> {
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.trim();
  if (!io.stdinIsTerminal) {
    try {
      const text = (await io.readStdin()).trim();
      if (text !== '') return text;
    } catch (error) {
      if (error instanceof StdinTooLargeError) throw new UsageError(`${flag}: ${error.message}`);
      throw error;
    }
  }
  throw new UsageError(
    `${flag} needs the secret in ${envName}, or on standard input; it is never taken from the command line`,
  );
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Local time half-way through the request, ms. */
  localMs: number;
}

type Values = Record<string, string | boolean | undefined>;

async function remoteChecks(io: CliIo, url: string, values: Values): Promise<Check[]> {
  const apiKey = booleanOption(values, 'api-key');
  const bearer = booleanOption(values, 'bearer');
  if (apiKey && bearer) throw new UsageError('give either --api-key or --bearer, not both');
  const origin = stringOption(values, 'origin');
  if (origin !== undefined && !/^https?:\/\/[^/\s]+$/.test(origin)) {
    throw new UsageError(
      '--origin is a web origin: scheme and host, such as https://app.example.com (no path)',
    );
  }
  if ((apiKey || bearer) && url.startsWith('http:') && !isLoopbackUrl(url)) {
    // the check runs before the secret is even read
    throw new UsageError(
      `${apiKey ? '--api-key' : '--bearer'} over plain http would send the secret unencrypted: use the https:// URL`,
    );
  }
  const auth: Record<string, string> = apiKey
    ? { 'x-api-key': await secretFrom(io, API_KEY_ENV, '--api-key') }
    : bearer
      ? { authorization: `Bearer ${await secretFrom(io, BEARER_ENV, '--bearer')}` }
      : {};

  const send = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const started = io.now();
    const res = await io.fetch(`${url}${path}`, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await readTextAtMost(res, MAX_ANSWER_BYTES);
    return { status: res.status, headers: res.headers, text, localMs: (started + io.now()) / 2 };
  };

  const checks: Check[] = [];
  if (url.startsWith('http:') && !isLoopbackUrl(url)) {
    checks.push({
      id: 'https',
      status: 'warn',
      title: 'https',
      detail: 'the URL is plain http: keys and tokens cross the network unencrypted',
      fix: 'use the https:// URL of the deployment',
    });
  }
  let health: Answer;
  try {
    health = await send('/healthz');
  } catch (error) {
    checks.push({
      id: 'healthz',
      status: 'fail',
      title: 'GET /healthz',
      detail: `no answer: ${networkReason(error)}`,
      fix: 'check the URL, and that the deployment is running and reachable from here',
    });
    return checks;
  }
  const answers: Answer[] = [health];
  checks.push(healthCheck(health));
  const ready = await optional(() => send('/readyz'));
  if (!(ready instanceof Error)) answers.push(ready);
  checks.push(readyCheck(ready));
  const openapi = await optional(() => send('/openapi.json'));
  if (!(openapi instanceof Error)) answers.push(openapi);
  checks.push(openapiCheck(openapi));
  checks.push(clockCheck(answers));
  const mint = await optional(() =>
    send('/v1/tokens/rtc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, ...(origin ? { origin } : {}) },
      body: JSON.stringify({
        channel: PROBE.channel,
        uid: PROBE.uid,
        role: 'subscriber',
        expiresIn: PROBE.expiresIn,
      }),
    }),
  );
  checks.push(mintRemoteCheck(mint, io, apiKey || bearer));
  if (origin !== undefined) {
    const requested = ['content-type', ...Object.keys(auth)].join(', ');
    const pre = await optional(() =>
      send('/v1/tokens/rtc', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': requested,
        },
      }),
    );
    checks.push(corsCheck(pre, mint, origin, requested));
  }
  return checks;
}

async function optional(fn: () => Promise<Answer>): Promise<Answer | Error> {
  try {
    return await fn();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Why a request failed, without the URL or anything else the error might carry. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens there)',
    ENOTFOUND: 'the host name does not resolve',
    ECONNRESET: 'the connection was reset',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  };
  if (code && known[code]) return known[code];
  return code ? `network error ${safeText(code)}` : 'network error';
}

async function readTextAtMost(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size <= maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (size > maxBytes) await reader.cancel();
  const all = new Uint8Array(Math.min(size, maxBytes));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.max(0, all.length - at));
    all.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(all);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A problem+json answer's code and title, made safe and short: what the deployment said. */
function problemText(a: Answer): string {
  const p = parseJson(a.text);
  const code = typeof p?.['code'] === 'string' ? p['code'] : undefined;
  const title = typeof p?.['title'] === 'string' ? p['title'] : undefined;
  const said = [title, code && `(${code})`].filter(Boolean).join(' ');
  return said ? `: ${safeText(said.slice(0, 160))}` : '';
}

function retryAfter(a: Answer): string {
  const r = a.headers.get('retry-after');
  return r && /^\d{1,6}$/.test(r) ? `; Retry-After ${r} s` : '';
}

function failedRequest(id: string, title: string, error: Error): Check {
  return { id, status: 'fail', title, detail: `no answer: ${networkReason(error)}` };
}

function healthCheck(a: Answer): Check {
  const body = parseJson(a.text);
  if (a.status === 200 && body?.['status'] === 'ok') {
    return { id: 'healthz', status: 'pass', title: 'GET /healthz', detail: '200 {"status":"ok"}' };
  }
  return {
    id: 'healthz',
    status: 'fail',
    title: 'GET /healthz',
    detail: `${a.status}${problemText(a)}`,
    fix: a.status === 404 ? 'is this the base URL of the token service (without a path)?' : undefined,
  };
}

function readyCheck(a: Answer | Error): Check {
  const title = 'GET /readyz';
  if (a instanceof Error) return failedRequest('readyz', title, a);
  if (a.status === 200) return { id: 'readyz', status: 'pass', title, detail: '200: the credentials load' };
  if (a.status === 503) {
    return {
      id: 'readyz',
      status: 'fail',
      title,
      detail: `503: the deployment cannot load its App ID and certificate${retryAfter(a)}`,
      fix: 'check the secret it reads (AGORA_SECRET_ID on Lambda, the Worker secret, AGORA_APP_ID/AGORA_APP_CERTIFICATE) and its logs',
    };
  }
  return { id: 'readyz', status: 'fail', title, detail: `${a.status}${problemText(a)}` };
}

function openapiCheck(a: Answer | Error): Check {
  const title = 'GET /openapi.json';
  if (a instanceof Error) return failedRequest('openapi', title, a);
  const doc = parseJson(a.text);
  const paths = doc?.['paths'];
  const version = typeof doc?.['openapi'] === 'string' ? doc['openapi'] : undefined;
  if (a.status === 200 && version && paths && typeof paths === 'object' && '/v1/tokens/rtc' in paths) {
    return {
      id: 'openapi',
      status: 'pass',
      title,
      detail: `OpenAPI ${safeText(version.slice(0, 16))}, ${Object.keys(paths).length} paths`,
    };
  }
  return {
    id: 'openapi',
    status: 'fail',
    title,
    detail: a.status === 200 ? 'not an OpenAPI document with /v1/tokens/rtc' : `${a.status}${problemText(a)}`,
  };
}

function clockCheck(answers: readonly Answer[]): Check {
  const title = 'clock';
  const skews = answers
    .map((a) => {
      const date = a.headers.get('date');
      const ms = date ? Date.parse(date) : Number.NaN;
      // Date has one-second resolution: the server's second began up to 1 s before what it says.
      return Number.isNaN(ms) ? undefined : (ms + 500 - a.localMs) / 1000;
    })
    .filter((s): s is number => s !== undefined);
  if (skews.length === 0) {
    return {
      id: 'clock',
      status: 'warn',
      title,
      detail: 'the deployment sends no Date header: its clock cannot be compared',
    };
  }
  const skew = skews.reduce((a, b) => a + b, 0) / skews.length;
  const size = Math.abs(skew);
  const phrase = `${shortDuration(size)} ${skew > 0 ? 'ahead of' : 'behind'} this machine's`;
  if (size <= CLOCK_OK_SECONDS) {
    return {
      id: 'clock',
      status: 'pass',
      title,
      detail: `the server's clock (Date header) agrees with this one within ${CLOCK_OK_SECONDS} s`,
    };
  }
  return {
    id: 'clock',
    status: size > CLOCK_BAD_SECONDS ? 'fail' : 'warn',
    title,
    detail: `the server's clock (Date header) is ${phrase}`,
    fix:
      size > CLOCK_BAD_SECONDS
        ? `tokens it issues start ${skew > 0 ? 'in the future' : 'in the past and expire early'}: synchronise the clock (NTP) of the server, or of this machine`
        : 'a small difference; synchronise the clocks (NTP) if it grows',
  };
}

function mintRemoteCheck(a: Answer | Error, io: CliIo, authenticated: boolean): Check {
  const id = 'mint';
  const title = 'POST /v1/tokens/rtc';
  if (a instanceof Error) return failedRequest(id, title, a);
  if (a.status !== 200) {
    const fixes: Record<number, string> = {
      401: authenticated
        ? 'the deployment refused the credentials sent: check the API key or JWT'
        : 'the deployment wants authentication: pass --api-key or --bearer',
      403: `the policy refuses channel "${PROBE.channel}" or uid ${PROBE.uid} for this identity`,
      503: 'the deployment cannot load its App ID and certificate (see /readyz)',
    };
    return {
      id,
      status: 'fail',
      title,
      detail: `${a.status}${problemText(a)}${a.status === 503 ? retryAfter(a) : ''}`,
      fix: fixes[a.status],
    };
  }
  const body = parseJson(a.text);
  const token = typeof body?.['token'] === 'string' ? body['token'] : undefined;
  if (token === undefined) return { id, status: 'fail', title, detail: '200, but the answer has no token' };
  const signer = signerOf(io, token);
  const { appId, appCertificate } = signer ?? {};
  const diagnosis = diagnoseToken(
    token,
    { product: 'rtc', channel: PROBE.channel, uid: PROBE.uid },
    { now: Math.floor(io.now() / 1000), appId, appCertificate },
  );
  const noStore = /(^|,)\s*no-store\s*(,|$)/i.test(a.headers.get('cache-control') ?? '');
  const warnings = diagnosis.findings.filter((f) => f.severity === 'warning');
  const status: CheckStatus = !diagnosis.allowsIntent
    ? 'fail'
    : warnings.length > 0 || !noStore
      ? 'warn'
      : 'pass';
  const signed = diagnosis.findings.some((f) => f.code === 'SIGNATURE_VALID')
    ? `, signed with ${signer?.source}`
    : '';
  const detail = !diagnosis.allowsIntent
    ? 'a token came back, but it does not allow what it was asked for'
    : `a token for channel "${PROBE.channel}", uid ${PROBE.uid}${signed}${noStore ? '' : '; the answer lacks Cache-Control: no-store'}`;
  return { id, status, title, detail, findings: diagnosis.findings };
}

/** The credentials set here to check a deployment's token with (none when AGORA_APPS is malformed: the local checks say why). */
function signerOf(io: CliIo, token: string): CheckingCredentials | undefined {
  try {
    return credentialsToCheck(io, decodeToken(token).appId);
  } catch {
    return undefined;
  }
}

function corsCheck(pre: Answer | Error, mint: Answer | Error, origin: string, requested: string): Check {
  const id = 'cors';
  const title = `CORS for ${safeText(origin)}`;
  if (pre instanceof Error) return failedRequest(id, title, pre);
  const allowOrigin = pre.headers.get('access-control-allow-origin');
  const methods = (pre.headers.get('access-control-allow-methods') ?? '').toLowerCase();
  const allowHeaders = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
  const fix = `add ${origin} to CORS_ALLOW_ORIGINS on the deployment`;
  if (pre.status >= 300 || (allowOrigin !== origin && allowOrigin !== '*')) {
    return {
      id,
      status: 'fail',
      title,
      detail: `the preflight (OPTIONS) is refused: ${pre.status}${problemText(pre)}${allowOrigin ? '' : ', no Access-Control-Allow-Origin'}`,
      fix,
    };
  }
  const missing = requested.split(', ').filter((h) => h !== 'content-type' && !allowHeaders.includes(h));
  if (!/\bpost\b/.test(methods) || missing.length > 0) {
    return {
      id,
      status: 'fail',
      title,
      detail: `the preflight allows methods "${safeText(methods)}" and headers "${safeText(allowHeaders)}": not POST with ${requested}`,
    };
  }
  const actual = mint instanceof Error ? null : mint.headers.get('access-control-allow-origin');
  if (actual !== origin && actual !== '*') {
    return {
      id,
      status: 'fail',
      title,
      detail: 'the preflight passes, but the token answer has no Access-Control-Allow-Origin',
      fix,
    };
  }
  return {
    id,
    status: 'pass',
    title,
    detail: `the preflight and the token answer allow it (POST, ${requested})`,
  };
}
