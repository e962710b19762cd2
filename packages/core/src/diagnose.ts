// diagnoseToken: why a token would be refused for what an app is doing. Everything it reports is read
// from the token itself (and, when given, the App ID and certificate); it is pure and synchronous, so the
// same findings come out of the CLI, a server and a page running in a browser.
import { DEMO_CREDENTIALS, MAX_EXPIRE_SECONDS } from './token/constants.js';
import { crc32String } from './token/crypto/crc32.js';
import { type DecodeOptions, decodeToken } from './token/decode.js';
import type {
  DecodedRtcService,
  DecodedToken,
  DecodedToken006,
  DecodedToken007,
} from './token/decoded-types.js';
import { TokenFormatError, TokenInputError } from './token/errors.js';
import { privilegeName006, privilegeName007 } from './token/services/privilege-names.js';
import { ChatPrivilege, RtcPrivilege } from './token/services/service-type.js';
import { isHex32, MAX_UID, parseDecimalU32 } from './token/validate.js';
import { type VerifyContext006, verifyToken } from './token/verify.js';

/** What the app does with the token: join an RTC channel, log in to RTM, or to Chat. */
export type DiagnosisIntent =
  | {
      product: 'rtc';
      channel?: string;
      /** The numeric uid the app joins with (0: the SDK assigns one). Not with `account`. */
      uid?: number;
      /** The user account the app joins with (joinChannelWithUserAccount). Not with `uid`. */
      account?: string;
      /** Whether the app publishes audio or video (a host), not only subscribes. */
      publish?: boolean;
    }
  | { product: 'rtm'; userId?: string }
  | { product: 'chat'; userId?: string };

export type FindingSeverity = 'error' | 'warning' | 'info';

/** Stable codes of findings; new ones may be added. */
export type FindingCode =
  | 'MALFORMED'
  | 'APP_ID_INVALID'
  | 'APP_ID_MISMATCH'
  | 'SIGNATURE_MISMATCH'
  | 'TOKEN_EXPIRED'
  | 'PRIVILEGE_EXPIRED'
  | 'WRONG_PRODUCT'
  | 'CHANNEL_MISMATCH'
  | 'CHANNEL_CASE_MISMATCH'
  | 'UID_TYPE_ACCOUNT_VS_UID'
  | 'UID_TYPE_UID_VS_ACCOUNT'
  | 'UID_ZERO'
  | 'UID_MISMATCH'
  | 'USER_ID_MISMATCH'
  | 'CHAT_APP_TOKEN'
  | 'NO_PUBLISH_PRIVILEGE'
  | 'LIFETIME_OVER_24H'
  | 'LIFETIME_LOOKS_LIKE_TIMESTAMP'
  | 'EXPIRY_LOOKS_LIKE_DURATION'
  | 'ISSUED_IN_FUTURE'
  | 'EXPIRES_SOON'
  | 'CERTIFICATE_INVALID'
  | 'SIGNATURE_NOT_CHECKED'
  | 'SIGNATURE_VALID'
  | 'UID_ANY'
  | 'DEMO_APP_ID'
  | 'UNKNOWN_SERVICE';

export interface Finding {
  /** Stable, for scripts and tests: e.g. 'TOKEN_EXPIRED', 'CHANNEL_MISMATCH'. */
  code: FindingCode | (string & {});
  severity: FindingSeverity;
  /** One line: what is wrong. Never contains the token or a certificate. */
  message: string;
  /** What to change. */
  fix?: string;
}

export interface Diagnosis {
  /** The decoded token; absent when it is malformed. */
  decoded?: DecodedToken;
  /** Worst first: errors, then warnings, then notes. */
  findings: Finding[];
  /** True when no finding is an error. */
  allowsIntent: boolean;
}

export interface DiagnoseOptions {
  /** The time to judge expiry against, unix seconds (default: now). */
  now?: number;
  /** The App ID the app uses: a token for another one is refused. */
  appId?: string;
  /** With it, the signature is checked (for 006, only with the channel and uid in the intent). */
  appCertificate?: string;
  /** As decodeToken's (default 1 MiB). */
  maxInflatedBytes?: DecodeOptions['maxInflatedBytes'];
}

/** Under this many seconds left, a token is about to expire (the SDK warns 30 s before). */
export const EXPIRES_SOON_SECONDS = 60;
/** An issue time more than this ahead of `now` means the issuer's clock is ahead. */
const CLOCK_SLACK_SECONDS = 60;
/** Seconds values above this are unix timestamps (2001-09-09), not durations. */
const TIMESTAMP_THRESHOLD = 1_000_000_000;

const SEVERITY_RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** The 006 RTM login privilege id. */
const RTM_LOGIN_006 = 1000;

/**
 * Explains why Agora would refuse `token` for `intent`: expired, another channel (or the same name in
 * another case), a user account where the app joins with a numeric uid (or the reverse), uid 0 against a
 * fixed uid, the wrong product, no publish privilege, a lifetime over 24 h or a unix timestamp given as
 * seconds, another App ID or certificate. Pure and synchronous; never throws for a bad token (that is a
 * `MALFORMED` finding), only for a malformed `intent` (TokenInputError).
 *
 * @example
 * const token = buildRtcToken(creds, { channel: 'Demo', account: '42', role: 'subscriber', expiresIn: 600 });
 * const { findings, allowsIntent } = diagnoseToken(token, { product: 'rtc', channel: 'demo', uid: 42, publish: true });
 * allowsIntent; // false
 * findings.map((f) => f.code); // ['CHANNEL_CASE_MISMATCH', 'NO_PUBLISH_PRIVILEGE']
 */
export function diagnoseToken(
  token: string,
  intent?: DiagnosisIntent,
  options: DiagnoseOptions = {},
): Diagnosis {
  checkIntent(intent);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(token, { maxInflatedBytes: options.maxInflatedBytes });
  } catch (error) {
    return finish(undefined, [malformed(token, error)]);
  }
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.push(f);
  appIdFindings(decoded, options.appId, add);
  if (decoded.version === '007') {
    time007(decoded, now, intent, add);
    if (intent) intent007(decoded, intent, add);
  } else {
    time006(decoded, now, add);
    if (intent) intent006(decoded, intent, add);
  }
  if (options.appCertificate !== undefined)
    signatureFindings(token, decoded, intent, options.appCertificate, findings);
  return finish(decoded, findings);
}

function finish(decoded: DecodedToken | undefined, findings: Finding[]): Diagnosis {
  // Array.prototype.sort is stable: equal severities keep the order they were found in.
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const allowsIntent = !findings.some((f) => f.severity === 'error');
  return decoded === undefined ? { findings, allowsIntent } : { decoded, findings, allowsIntent };
}

function checkIntent(intent: DiagnosisIntent | undefined): void {
  if (intent === undefined) return;
  const bad = (field: string, message: string) => new TokenInputError('ERR_INVALID_INTENT', field, message);
  if (typeof intent !== 'object' || intent === null) throw bad('intent', 'intent must be an object');
  if (intent.product === 'rtc') {
    if (intent.uid !== undefined && intent.account !== undefined) {
      throw bad(
        'intent.account',
        'give at most one of intent.uid and intent.account: an app joins with one of them',
      );
    }
    if (
      intent.uid !== undefined &&
      (!Number.isInteger(intent.uid) || intent.uid < 0 || intent.uid > MAX_UID)
    ) {
      throw bad('intent.uid', 'intent.uid must be an integer from 0 to 4294967295');
    }
    if (intent.account !== undefined && typeof intent.account !== 'string') {
      throw bad('intent.account', 'intent.account must be a string');
    }
    if (intent.channel !== undefined && typeof intent.channel !== 'string') {
      throw bad('intent.channel', 'intent.channel must be a string');
    }
    return;
  }
  if (intent.product === 'rtm' || intent.product === 'chat') {
    if (intent.userId !== undefined && typeof intent.userId !== 'string') {
      throw bad('intent.userId', 'intent.userId must be a string');
    }
    return;
  }
  throw bad('intent.product', 'intent.product must be "rtc", "rtm" or "chat"');
}

// ---- malformed -------------------------------------------------------------------------------------

function malformed(token: unknown, error: unknown): Finding {
  const text = typeof token === 'string' ? token.trim() : '';
  const detail =
    error instanceof TokenFormatError ? `${error.message} (${error.code})` : 'it cannot be decoded';
  let fix =
    'copy the whole token again: it starts with "007" or "006" and has no spaces or line breaks inside';
  if (/^["'`]/.test(text)) fix = 'remove the quotes around the token';
  else if (/^bearer\s/i.test(text)) fix = 'pass the token alone, without "Bearer "';
  else if (/^\{/.test(text))
    fix = 'pass the token string itself, not the JSON response around it (its "token" field)';
  else if (/\s/.test(text))
    fix = 'remove the spaces or line breaks inside the token (a copy that wrapped lines adds them)';
  else if (error instanceof TokenFormatError && error.code === 'ERR_TOKEN_TOO_LARGE') {
    fix = 'real tokens are a few hundred characters: this is not a token, or holds far too many resources';
  }
  return { code: 'MALFORMED', severity: 'error', message: `this is not a valid Agora token: ${detail}`, fix };
}

// ---- App ID and signature --------------------------------------------------------------------------

function appIdFindings(decoded: DecodedToken, appId: string | undefined, add: (f: Finding) => void): void {
  const appIdLength = decoded.appId.length;
  if (!isHex32(decoded.appId)) {
    add({
      code: 'APP_ID_INVALID',
      severity: 'error',
      message: `the token's App ID is not 32 hexadecimal characters (${appIdLength} characters), so it is for no Agora project`,
      fix: 'build the token with the App ID from the Agora console (32 hex characters)',
    });
  } else if (appId !== undefined && decoded.appId !== appId) {
    const caseOnly = decoded.appId.toLowerCase() === appId.toLowerCase();
    add({
      code: 'APP_ID_MISMATCH',
      severity: 'error',
      message: caseOnly
        ? `the token is for App ID ${decoded.appId}, which differs from your App ID only in letter case`
        : `the token is for App ID ${decoded.appId}, not your App ID ${isHex32(appId) ? appId : '(given)'}`,
      fix: "build the token with the same App ID the app initialises the SDK with (and that App ID's certificate)",
    });
  }
  if (decoded.appId === DEMO_CREDENTIALS.appId) {
    add({
      code: 'DEMO_APP_ID',
      severity: 'info',
      message: "the token is for Agora's public demo App ID, whose certificate is published: for tests only",
      fix: 'set your own App ID and certificate (AGORA_APP_ID, AGORA_APP_CERTIFICATE) for anything real',
    });
  }
}

function signatureFindings(
  token: string,
  decoded: DecodedToken,
  intent: DiagnosisIntent | undefined,
  certificate: string,
  findings: Finding[],
): void {
  if (!isHex32(certificate)) {
    findings.push({
      code: 'CERTIFICATE_INVALID',
      severity: 'warning',
      message: 'the App Certificate given is not 32 hexadecimal characters, so the signature was not checked',
      fix: 'copy the primary certificate from the Agora console, without quotes or spaces',
    });
    return;
  }
  let context: VerifyContext006 | undefined;
  if (decoded.version === '006') {
    // 006 signs the channel and uid but carries only their CRCs: without both, nothing can be checked, and
    // when they already differ the signature cannot match either.
    context = context006(intent);
    const mismatch = findings.some((f) => /^(CHANNEL|UID|USER_ID)_/.test(f.code) && f.severity === 'error');
    if (context === undefined || mismatch) {
      findings.push({
        code: 'SIGNATURE_NOT_CHECKED',
        severity: 'info',
        message: mismatch
          ? 'the signature of a 006 token covers its channel and uid, which already differ, so it was not checked'
          : 'a 006 token carries only checksums of its channel and uid: give both to check its signature',
      });
      return;
    }
  }
  if (verifyToken(token, certificate, context)) {
    findings.push({
      code: 'SIGNATURE_VALID',
      severity: 'info',
      message: 'the signature matches the App Certificate given',
    });
    return;
  }
  findings.push({
    code: 'SIGNATURE_MISMATCH',
    severity: 'error',
    message:
      certificate === decoded.appId
        ? 'the signature does not match: the certificate given is the App ID itself'
        : 'the signature does not match the App Certificate given: another certificate signed it, or the token was altered',
    fix: "sign with the primary certificate of the token's App ID (the Agora console shows it next to the App ID); a certificate that was regenerated invalidates older tokens",
  });
}

function context006(intent: DiagnosisIntent | undefined): VerifyContext006 | undefined {
  if (intent?.product === 'rtm' && intent.userId !== undefined)
    return { channelName: intent.userId, uid: '' };
  if (intent?.product !== 'rtc' || intent.channel === undefined) return undefined;
  const user = intent.uid ?? intent.account;
  return user === undefined ? undefined : { channelName: intent.channel, uid: user };
}

// ---- time ------------------------------------------------------------------------------------------

const ago = (seconds: number) => duration(seconds);

/** Seconds as "45 s", "10 min", "2 h 5 min", "3 d 4 h". */
function duration(totalSeconds: number): string {
  const s = Math.round(Math.abs(totalSeconds));
  if (s < 120) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * Unix seconds as an ISO 8601 UTC date without milliseconds (2026-12-02T10:00:00Z), as the findings, the
 * CLI and the inspector page show times; `unix N` for a number no date can hold.
 */
export function isoDate(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? `unix ${unixSeconds}` : date.toISOString().replace('.000Z', 'Z');
}

function time007(
  decoded: DecodedToken007,
  now: number,
  intent: DiagnosisIntent | undefined,
  add: (f: Finding) => void,
) {
  const { issueTs, expire } = decoded;
  if (issueTs > now + CLOCK_SLACK_SECONDS) {
    add({
      code: 'ISSUED_IN_FUTURE',
      severity: 'warning',
      message: `the token was issued ${duration(issueTs - now)} in the future (${isoDate(issueTs)}): the issuer's clock, or this one, is wrong`,
      fix: 'synchronise the clock of the machine that builds tokens (NTP), or pass the right issue time',
    });
  }
  const timestamp = expire > TIMESTAMP_THRESHOLD;
  if (timestamp) {
    add({
      code: 'LIFETIME_LOOKS_LIKE_TIMESTAMP',
      severity: 'warning',
      message: `the token's lifetime is ${expire} seconds, which is a unix timestamp (${isoDate(expire)}), not seconds from issue`,
      fix: 'pass seconds from now (e.g. 3600 for one hour) to a 007 builder; only the old 006 builders take an absolute time',
    });
  } else if (expire > MAX_EXPIRE_SECONDS) {
    add({
      code: 'LIFETIME_OVER_24H',
      severity: 'warning',
      message: `the token's lifetime is ${duration(expire)} (${expire} s); Agora allows at most 24 hours`,
      fix: 'build tokens for at most 86400 seconds and renew them (onTokenPrivilegeWillExpire)',
    });
  }
  const overLong = overLongPrivileges(decoded);
  if (overLong.length > 0) {
    const looksLikeTimestamp = overLong.some((p) => p.value > TIMESTAMP_THRESHOLD);
    add({
      code: looksLikeTimestamp ? 'LIFETIME_LOOKS_LIKE_TIMESTAMP' : 'LIFETIME_OVER_24H',
      severity: 'warning',
      message: `privilege ${overLong.map((p) => `${p.name} (${p.value} s)`).join(', ')} ${overLong.length === 1 ? 'lasts' : 'last'} longer than Agora's 24 hours${looksLikeTimestamp ? ': that is a unix timestamp, not seconds from issue' : ''}`,
      fix: 'give privilege lifetimes in seconds from issue, at most 86400 (0 means as long as the token)',
    });
  }
  // Agora does not honour more than 24 h: judge expiry by the capped lifetime.
  const cappedExpiry = issueTs + Math.min(expire, MAX_EXPIRE_SECONDS);
  if (cappedExpiry <= now) {
    const capped = expire > MAX_EXPIRE_SECONDS;
    add({
      code: 'TOKEN_EXPIRED',
      severity: 'error',
      message: `the token expired ${ago(now - cappedExpiry)} ago (${isoDate(cappedExpiry)}${capped ? ", 24 hours after issue, Agora's limit" : ''})`,
      fix: 'fetch a new token, and renew before expiry: the SDK calls onTokenPrivilegeWillExpire about 30 s before',
    });
    return;
  }
  for (const p of expiredPrivileges(decoded, now, intent)) add(p);
  const left = cappedExpiry - now;
  if (left < EXPIRES_SOON_SECONDS) {
    add({
      code: 'EXPIRES_SOON',
      severity: 'warning',
      message: `the token expires in ${duration(left)} (${isoDate(cappedExpiry)})`,
      fix: 'fetch a new token now; renew on onTokenPrivilegeWillExpire',
    });
  }
}

interface NamedPrivilege {
  service: string;
  name: string;
  id: number;
  value: number;
}

function privilegesOf(decoded: DecodedToken007): NamedPrivilege[] {
  const out: NamedPrivilege[] = [];
  for (const s of decoded.services) {
    for (const [id, value] of Object.entries(s.privileges)) {
      const n = Number(id);
      out.push({ service: s.name, name: `${s.name} ${privilegeName007(s.type, n)}`, id: n, value });
    }
  }
  return out;
}

function overLongPrivileges(decoded: DecodedToken007): NamedPrivilege[] {
  return privilegesOf(decoded).filter((p) => p.value > MAX_EXPIRE_SECONDS);
}

/** Privileges that ended before the token did; errors when the intent needs them. */
function expiredPrivileges(
  decoded: DecodedToken007,
  now: number,
  intent: DiagnosisIntent | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const p of privilegesOf(decoded)) {
    if (p.value === 0) continue;
    const end = decoded.issueTs + Math.min(p.value, MAX_EXPIRE_SECONDS);
    if (end > now) continue;
    const needed = privilegeNeeded(p, intent);
    out.push({
      code: 'PRIVILEGE_EXPIRED',
      severity: needed ? 'error' : 'info',
      message: `the ${p.name} privilege expired ${ago(now - end)} ago (${isoDate(end)}), before the token itself`,
      fix: 'fetch a new token; privileges shorter than the token end on their own (0 makes one last as long as the token)',
    });
  }
  return out;
}

function privilegeNeeded(p: NamedPrivilege, intent: DiagnosisIntent | undefined): boolean {
  if (intent === undefined) return false;
  if (intent.product === 'rtc' && p.service === 'rtc') {
    return (
      p.id === RtcPrivilege.JoinChannel ||
      (intent.publish === true && p.id !== RtcPrivilege.PublishDataStream)
    );
  }
  if (intent.product === 'rtm') return p.service === 'rtm' || p.service === 'rtm2';
  if (intent.product === 'chat') return p.service === 'chat';
  return false;
}

/**
 * When a decoded token stops granting access, in unix seconds, as the token says (Agora does not honour
 * more than 24 hours after issue); undefined when it never expires. 007: issue time + expire. 006 carries
 * only absolute per-privilege times (0: never): join channel, or else RTM login, decides; without either,
 * the latest privilege.
 *
 * @example
 * tokenExpiresAt(decodeToken(buildRtmToken(creds, { userId: 'a', expiresIn: 600 }, { issueTs: 1e9 }))); // 1000000600
 */
export function tokenExpiresAt(decoded: DecodedToken): number | undefined {
  if (decoded.version === '007') return decoded.issueTs + decoded.expire;
  const p = decoded.privileges;
  const decisive = p[RtcPrivilege.JoinChannel] ?? p[RTM_LOGIN_006];
  const at = decisive ?? Math.max(0, ...Object.values(p));
  return at === 0 ? undefined : at;
}

/** 006: each privilege is an absolute unix time (0: never). */
function time006(decoded: DecodedToken006, now: number, add: (f: Finding) => void) {
  const entries = Object.entries(decoded.privileges).map(([id, v]) => [Number(id), v] as const);
  const durations = entries.filter(([, v]) => v !== 0 && v < TIMESTAMP_THRESHOLD);
  if (durations.length > 0) {
    add({
      code: 'EXPIRY_LOOKS_LIKE_DURATION',
      severity: 'warning',
      message: `a 006 token's privileges expire at absolute unix times, but ${durations.map(([id, v]) => `${privilegeName006(id)} is ${v}`).join(', ')}: a number of seconds, read as a date in 1970`,
      fix: 'pass now + seconds (e.g. Math.floor(Date.now() / 1000) + 3600) to a 006 builder, or move to 007 builders, which take seconds',
    });
  }
  const expiresAt = tokenExpiresAt(decoded);
  if (expiresAt === undefined) return;
  if (expiresAt <= now) {
    add({
      code: 'TOKEN_EXPIRED',
      severity: 'error',
      message: `the token expired ${ago(now - expiresAt)} ago (${isoDate(expiresAt)})`,
      fix: 'fetch a new token, and renew before expiry: the SDK calls onTokenPrivilegeWillExpire about 30 s before',
    });
    return;
  }
  if (expiresAt - now > MAX_EXPIRE_SECONDS) {
    add({
      code: 'LIFETIME_OVER_24H',
      severity: 'warning',
      message: `the token expires ${duration(expiresAt - now)} from now (${isoDate(expiresAt)}); Agora allows at most 24 hours`,
      fix: 'build tokens that expire at most 24 hours ahead, and renew them',
    });
  }
  if (expiresAt - now < EXPIRES_SOON_SECONDS) {
    add({
      code: 'EXPIRES_SOON',
      severity: 'warning',
      message: `the token expires in ${duration(expiresAt - now)} (${isoDate(expiresAt)})`,
      fix: 'fetch a new token now; renew on onTokenPrivilegeWillExpire',
    });
  }
}

// ---- intent: 007 -----------------------------------------------------------------------------------

/**
 * Text from a token, quoted: a JSON string literal with everything outside printable ASCII escaped, so
 * control characters and bidi overrides inside a hostile token never reach a terminal or a page as such.
 */
const q = (s: string) =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function productsOf(decoded: DecodedToken007): string {
  const names = [...new Set(decoded.services.map((s) => s.name))];
  return names.length === 0 ? 'no service' : names.map((n) => n.toUpperCase()).join(' and ');
}

function intent007(decoded: DecodedToken007, intent: DiagnosisIntent, add: (f: Finding) => void) {
  for (const s of decoded.services) {
    if (s.name === 'unknown') {
      add({
        code: 'UNKNOWN_SERVICE',
        severity: 'info',
        message: `the token holds a service of type ${s.type}, which this library does not know; it is shown as raw bytes`,
      });
    }
  }
  if (intent.product === 'rtc') rtcIntent(decoded, intent, add);
  else if (intent.product === 'rtm') rtmIntent(decoded, intent.userId, add);
  else chatIntent(decoded, intent.userId, add);
}

type RtcIntent = Extract<DiagnosisIntent, { product: 'rtc' }>;

function rtcIntent(decoded: DecodedToken007, intent: RtcIntent, add: (f: Finding) => void) {
  const rtc = decoded.services.filter((s): s is DecodedRtcService => s.name === 'rtc');
  if (rtc.length === 0) {
    add({
      code: 'WRONG_PRODUCT',
      severity: 'error',
      message: `this is a token for ${productsOf(decoded)}, not RTC: it cannot join a channel`,
      fix: 'build an RTC token (buildRtcToken, RtcTokenBuilder.buildTokenWithUid) for the channel and uid',
    });
    return;
  }
  let service = rtc[0]!;
  const channel = intent.channel;
  if (channel !== undefined) {
    const exact = rtc.find((s) => s.channelName === channel);
    if (exact) service = exact;
    else {
      const folded = rtc.find((s) => s.channelName.toLowerCase() === channel.toLowerCase());
      const trimmed = rtc.find((s) => s.channelName.trim() === channel.trim());
      if (folded) {
        service = folded;
        add({
          code: 'CHANNEL_CASE_MISMATCH',
          severity: 'error',
          message: `the token is for channel ${q(folded.channelName)}, your app joins ${q(channel)}: channel names are case-sensitive`,
          fix: `build the token for ${q(channel)} exactly, or join ${q(folded.channelName)}`,
        });
      } else {
        if (trimmed) service = trimmed;
        add({
          code: 'CHANNEL_MISMATCH',
          severity: 'error',
          message: `the token is for channel ${q((trimmed ?? service).channelName)}, your app joins ${q(channel)}${trimmed ? ' (they differ in spaces at the ends)' : ''}`,
          fix: `build the token for channel ${q(channel)}, the name the app passes to joinChannel`,
        });
      }
    }
  }
  uidFindings(service.uid, intent, add);
  if (intent.publish === true) publishFindings(service, add);
}

function uidFindings(packed: string, intent: RtcIntent, add: (f: Finding) => void) {
  // As packed: "" is uid 0 (any uid), a canonical decimal is a numeric uid (an account "42" packs the same
  // bytes and works the same), anything else is a user account.
  const numeric = packed === '' ? 0 : parseDecimalU32(packed, { canonical: true });
  const what =
    packed === ''
      ? 'uid 0 (any uid)'
      : numeric !== undefined
        ? `uid ${packed}`
        : `the user account ${q(packed)}`;
  if (intent.uid !== undefined) {
    const uid = intent.uid;
    if (packed === String(uid) || (uid === 0 && packed === '')) return;
    if (packed === '') {
      add({
        code: 'UID_ANY',
        severity: 'info',
        message: `the token is for uid 0, which lets any uid join, so uid ${uid} may`,
        fix: 'to tie the token to one user, build it with that uid',
      });
      return;
    }
    if (numeric === undefined) {
      add({
        code: 'UID_TYPE_ACCOUNT_VS_UID',
        severity: 'error',
        message: `this token is for the user account ${q(packed)}; your app joins with the numeric uid ${uid}`,
        fix:
          uid === 0
            ? `build it with uid: 0, or join with joinChannelWithUserAccount(${q(packed)})`
            : `build it with uid: ${uid}, or join with joinChannelWithUserAccount(${q(packed)})`,
      });
      return;
    }
    if (uid === 0) {
      add({
        code: 'UID_ZERO',
        severity: 'error',
        message: `your app joins with uid 0 (the SDK then picks a random uid), but the token is for uid ${packed}`,
        fix: `join with uid ${packed}, or build the token with uid: 0 (any uid)`,
      });
      return;
    }
    add({
      code: 'UID_MISMATCH',
      severity: 'error',
      message: `the token is for uid ${packed}, your app joins with uid ${uid}`,
      fix: `build the token with uid: ${uid}, or join with uid ${packed}`,
    });
    return;
  }
  if (intent.account === undefined) return;
  const account = intent.account;
  if (packed === account) return;
  if (packed === '') {
    add({
      code: 'UID_TYPE_UID_VS_ACCOUNT',
      severity: 'warning',
      message: `the token is for uid 0 (any numeric uid); your app joins with the user account ${q(account)}`,
      fix: `build it with account: ${q(account)}`,
    });
    return;
  }
  if (numeric !== undefined) {
    add({
      code: 'UID_TYPE_UID_VS_ACCOUNT',
      severity: 'error',
      message: `this token is for the numeric uid ${packed}; your app joins with the user account ${q(account)}`,
      fix: `build it with account: ${q(account)}, or join with joinChannel and uid ${packed}`,
    });
    return;
  }
  const caseOnly = packed.toLowerCase() === account.toLowerCase();
  add({
    code: 'UID_MISMATCH',
    severity: 'error',
    message: `the token is for ${what}, your app joins with the user account ${q(account)}${caseOnly ? ' (accounts are case-sensitive)' : ''}`,
    fix: `build the token with account: ${q(account)}`,
  });
}

function publishFindings(service: DecodedRtcService, add: (f: Finding) => void) {
  const has = (id: number) => service.privileges[id] !== undefined;
  const audio = has(RtcPrivilege.PublishAudioStream);
  const video = has(RtcPrivilege.PublishVideoStream);
  if (audio && video) return;
  if (!audio && !video) {
    add({
      code: 'NO_PUBLISH_PRIVILEGE',
      severity: 'error',
      message:
        'this is a subscriber token (join only): with co-host authentication on, publishing is refused',
      fix: 'build it with role publisher (RtcRole.PUBLISHER), or join as audience',
    });
    return;
  }
  add({
    code: 'NO_PUBLISH_PRIVILEGE',
    severity: 'warning',
    message: `the token may publish ${audio ? 'audio' : 'video'} but not ${audio ? 'video' : 'audio'}`,
    fix: 'build it with role publisher, which grants audio, video and data',
  });
}

function userIdFinding(product: string, tokenUser: string, wanted: string, add: (f: Finding) => void) {
  if (tokenUser === wanted) return;
  const caseOnly = tokenUser.toLowerCase() === wanted.toLowerCase();
  add({
    code: 'USER_ID_MISMATCH',
    severity: 'error',
    message: `the ${product} token is for user id ${q(tokenUser)}, your app logs in as ${q(wanted)}${caseOnly ? ' (user ids are case-sensitive)' : ''}`,
    fix: `build the token for user id ${q(wanted)}, the one the app logs in with`,
  });
}

function rtmIntent(decoded: DecodedToken007, userId: string | undefined, add: (f: Finding) => void) {
  const rtm = decoded.services.filter((s) => s.name === 'rtm' || s.name === 'rtm2') as Array<{
    userId: string;
  }>;
  if (rtm.length === 0) {
    const rtc = decoded.services.find((s): s is DecodedRtcService => s.name === 'rtc');
    add({
      code: 'WRONG_PRODUCT',
      severity: 'error',
      message: `this is a token for ${productsOf(decoded)}, not RTM: RTM login is refused`,
      fix: rtc
        ? 'build an RTM token for the user id (buildRtmToken), or add RTM to the RTC token (rtmUserId, RtcTokenBuilder.buildTokenWithRtm)'
        : 'build an RTM token for the user id (buildRtmToken, RtmTokenBuilder.buildToken)',
    });
    return;
  }
  if (userId === undefined) return;
  if (rtm.some((s) => s.userId === userId)) return;
  userIdFinding('RTM', rtm[0]!.userId, userId, add);
}

function chatIntent(decoded: DecodedToken007, userId: string | undefined, add: (f: Finding) => void) {
  const chat = decoded.services.filter((s) => s.name === 'chat') as Array<{
    userId: string;
    privileges: Record<number, number>;
  }>;
  if (chat.length === 0) {
    add({
      code: 'WRONG_PRODUCT',
      severity: 'error',
      message: `this is a token for ${productsOf(decoded)}, not Chat: Chat login is refused`,
      fix: 'build a Chat user token for the user id (buildChatUserToken, ChatTokenBuilder.buildUserToken)',
    });
    return;
  }
  const users = chat.filter((s) => s.privileges[ChatPrivilege.User] !== undefined);
  if (users.length === 0) {
    add({
      code: 'CHAT_APP_TOKEN',
      severity: 'error',
      message:
        "this is a Chat app token (for your server's Chat REST calls), not a user token: a user cannot log in with it",
      fix: 'build a Chat user token for the user id (buildChatUserToken); never give an app token to a client',
    });
    return;
  }
  if (userId === undefined) return;
  if (users.some((s) => s.userId === userId)) return;
  userIdFinding('Chat', users[0]!.userId, userId, add);
}

// ---- intent: 006 -----------------------------------------------------------------------------------

function intent006(decoded: DecodedToken006, intent: DiagnosisIntent, add: (f: Finding) => void) {
  const has = (id: number) => decoded.privileges[id] !== undefined;
  const isRtm = has(RTM_LOGIN_006) && !has(RtcPrivilege.JoinChannel);
  if (intent.product === 'chat') {
    add({
      code: 'WRONG_PRODUCT',
      severity: 'error',
      message: 'this is a 006 token, which cannot log in to Chat',
      fix: 'build a Chat user token (007, buildChatUserToken)',
    });
    return;
  }
  if (intent.product === 'rtm') {
    if (!has(RTM_LOGIN_006)) {
      add({
        code: 'WRONG_PRODUCT',
        severity: 'error',
        message: 'this is a 006 RTC token (no RTM login): RTM login is refused',
        fix: 'build an RTM token for the user id (buildRtmToken)',
      });
      return;
    }
    // The 006 RTM builder packs the user id where the channel goes.
    if (intent.userId !== undefined && crc32String(intent.userId) !== decoded.crcChannelName) {
      add({
        code: 'USER_ID_MISMATCH',
        severity: 'error',
        message: `the RTM token is not for user id ${q(intent.userId)} (a 006 token carries only a checksum of it)${crcVariant(intent.userId, decoded.crcChannelName)}`,
        fix: `build the token for user id ${q(intent.userId)}`,
      });
    }
    return;
  }
  if (isRtm || !has(RtcPrivilege.JoinChannel)) {
    add({
      code: 'WRONG_PRODUCT',
      severity: 'error',
      message: 'this 006 token has no join-channel privilege (it is an RTM token): it cannot join a channel',
      fix: 'build an RTC token for the channel and uid (buildRtcToken)',
    });
    return;
  }
  if (intent.channel !== undefined && crc32String(intent.channel) !== decoded.crcChannelName) {
    const variant = crcVariantName(intent.channel, decoded.crcChannelName);
    add(
      variant !== undefined && variant.toLowerCase() === intent.channel.toLowerCase()
        ? {
            code: 'CHANNEL_CASE_MISMATCH',
            severity: 'error',
            message: `the token is for channel ${q(variant)}, your app joins ${q(intent.channel)}: channel names are case-sensitive`,
            fix: `build the token for ${q(intent.channel)} exactly, or join ${q(variant)}`,
          }
        : {
            code: 'CHANNEL_MISMATCH',
            severity: 'error',
            message: `the token is not for channel ${q(intent.channel)} (a 006 token carries only a checksum of it)${variant ? `; it is for ${q(variant)}` : ''}`,
            fix: `build the token for channel ${q(intent.channel)}, the name the app passes to joinChannel`,
          },
    );
  }
  const user = intent.uid ?? intent.account;
  if (user !== undefined) {
    const packed = user === 0 ? '' : String(user);
    if (crc32String(packed) !== decoded.crcUid) {
      if (decoded.crcUid === crc32String('')) {
        // A token for uid 0 lets any uid join.
        if (intent.account !== undefined) {
          add({
            code: 'UID_TYPE_UID_VS_ACCOUNT',
            severity: 'warning',
            message: `the token is for uid 0 (any numeric uid); your app joins with the user account ${q(intent.account)}`,
            fix: `build it with the account ${q(intent.account)}`,
          });
        } else {
          add({
            code: 'UID_ANY',
            severity: 'info',
            message: `the token is for uid 0, which lets any uid join, so uid ${user} may`,
          });
        }
      } else if (user === 0) {
        add({
          code: 'UID_ZERO',
          severity: 'error',
          message:
            'your app joins with uid 0 (the SDK then picks a random uid), but the token is for one fixed uid',
          fix: 'join with the uid the token was built for, or build the token with uid 0 (any uid)',
        });
      } else {
        add({
          code: 'UID_MISMATCH',
          severity: 'error',
          message: `the token is not for ${typeof user === 'number' ? `uid ${user}` : `the user account ${q(user)}`} (a 006 token carries only a checksum of it)`,
          fix: `build the token with ${typeof user === 'number' ? `uid ${user}` : `the account ${q(user)}`}, the one the app joins with`,
        });
      }
    }
  }
  if (
    intent.publish === true &&
    !has(RtcPrivilege.PublishAudioStream) &&
    !has(RtcPrivilege.PublishVideoStream)
  ) {
    add({
      code: 'NO_PUBLISH_PRIVILEGE',
      severity: 'error',
      message:
        'this is a subscriber token (join only): with co-host authentication on, publishing is refused',
      fix: 'build it with role publisher, or join as audience',
    });
  }
}

/** The other spelling (case, spaces at the ends) of `name` whose CRC the token carries, if any. */
function crcVariantName(name: string, crc: number): string | undefined {
  const variants = [name.toLowerCase(), name.toUpperCase(), name.trim(), name.trim().toLowerCase()];
  if (name.length > 0) variants.push(name[0]!.toUpperCase() + name.slice(1).toLowerCase());
  return variants.find((v) => v !== name && crc32String(v) === crc);
}

function crcVariant(name: string, crc: number): string {
  const v = crcVariantName(name, crc);
  return v === undefined ? '' : `; it is for ${q(v)}`;
}
