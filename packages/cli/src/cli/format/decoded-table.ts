import { type DecodedToken, serviceFieldName, tokenExpiresAt } from '@tokenfn/core';
import { privilegeEntries, privilegeName006, privilegeName007 } from './privilege-names';
import { quotedValue, safeText } from './safe-text';
import { expiryPhrase, isoDate, relativePhrase } from './time';

const NOT_FIELDS = new Set(['type', 'name', 'privileges']);

/** `tokenfn decode`: a decoded token as an aligned, human-readable table. `now` is unix seconds. */
export function decodedTable(decoded: DecodedToken, now: number): string {
  return decoded.version === '007' ? table007(decoded, now) : table006(decoded, now);
}

type Decoded007 = Extract<DecodedToken, { version: '007' }>;
type Decoded006 = Exclude<DecodedToken, { version: '007' }>;

function table007(token: Decoded007, now: number): string {
  const expiresAt = token.issueTs + token.expire;
  const services = token.services as unknown as Array<Record<string, unknown>>;
  const lines = aligned([
    ['version', '007 (AccessToken2)'],
    ['app id', safeText(token.appId)],
    ['issued', `${isoDate(token.issueTs)} (${relativePhrase(token.issueTs, now)})`],
    ['expires', `${isoDate(expiresAt)} (${expiryPhrase(expiresAt, now)}; ${token.expire}s after issue)`],
    ['salt', String(token.salt)],
    ['signature', safeText(token.signature)],
    ['services', services.length === 0 ? 'none' : services.map(serviceTitle).join(', ')],
  ]);
  for (const service of services) {
    lines.push('', serviceTitle(service));
    const rows: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(service)) {
      if (NOT_FIELDS.has(key) || value === undefined) continue;
      rows.push(key === 'uid' ? uidRow(value) : [safeText(serviceFieldName(key)), quotedValue(value)]);
    }
    const type = Number(service.type);
    for (const [id, seconds] of privilegeEntries(service.privileges)) {
      rows.push([privilegeName007(type, id), privilege007(token, seconds, now)]);
    }
    if (rows.length === 0) rows.push(['privileges', 'none']);
    lines.push(...aligned(rows, '  '));
  }
  return `${lines.join('\n')}\n`;
}

function serviceTitle(service: Record<string, unknown>): string {
  return `${safeText(String(service.name))} (service ${Number(service.type)})`;
}

/** RTC packs the uid as a string: "" is uid 0 (anyone), digits a numeric uid, anything else an account. */
function uidRow(value: unknown): [string, string] {
  if (value === '' || value === 0) return ['uid', '0 (any user)'];
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))
    return ['uid', String(value)];
  return ['account', quotedValue(value)];
}

/** A privilege's lifetime: 0 and the token's own lifetime read as "until the token expires". */
function privilege007(token: Decoded007, seconds: number, now: number): string {
  if (seconds === 0) return 'until the token expires (0)';
  if (seconds === token.expire) return `until the token expires (${seconds}s after issue)`;
  const at = token.issueTs + seconds;
  return `${isoDate(at)} (${expiryPhrase(at, now)}; ${seconds}s after issue)`;
}

function table006(token: Decoded006, now: number): string {
  const expiresAt = tokenExpiresAt(token);
  const lines = aligned([
    ['version', '006 (AccessToken, legacy)'],
    ['app id', safeText(token.appId)],
    [
      'expires',
      expiresAt === undefined
        ? 'never (no privilege expiry)'
        : `${isoDate(expiresAt)} (${expiryPhrase(expiresAt, now)})`,
    ],
    ['message ts', `${isoDate(token.ts)} (${relativePhrase(token.ts, now)})`],
    ['salt', String(token.salt)],
    ['channel crc', hex32(token.crcChannelName)],
    ['uid crc', hex32(token.crcUid)],
    ['signature', safeText(token.signature)],
  ]);
  const privileges = privilegeEntries(token.privileges);
  lines.push('', 'privileges');
  const rows = privileges.map(([id, at]): [string, string] => [
    privilegeName006(id),
    at === 0 ? 'no expiry' : `${isoDate(at)} (${expiryPhrase(at, now)})`,
  ]);
  lines.push(...aligned(rows.length === 0 ? [['none', '']] : rows, '  '));
  return `${lines.join('\n')}\n`;
}

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

function aligned(rows: Array<[string, string]>, indent = ''): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}${value}`.trimEnd());
}
