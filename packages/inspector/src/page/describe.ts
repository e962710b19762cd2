// What the page shows of a decoded token, as plain data: rows of label and value, with the unix time of
// the rows whose relative time ticks. Pure, so it is tested without a browser; ./render.ts turns it into DOM.
import {
  type DecodedService,
  type DecodedToken,
  privilegeName006,
  privilegeName007,
  serviceFieldName,
} from '@tokenfn/core';
import { isoDate } from './time.js';

export interface Row {
  label: string;
  value: string;
  /** Unix seconds: the page shows the time relative to now after the value, and keeps it current. */
  at?: number;
}

export interface ServiceView {
  title: string;
  rows: Row[];
}

export interface TokenView {
  summary: Row[];
  services: ServiceView[];
}

const SERVICE_TITLES: Record<string, string> = {
  rtc: 'RTC',
  rtm: 'RTM',
  streaming: 'Streaming',
  fpa: 'FPA',
  chat: 'Chat',
  fcdn: 'FCDN',
  apaas: 'APaaS / Education',
  rtm2: 'RTM2',
  convoai: 'ConvoAI',
  stt: 'STT',
  unknown: 'unknown service',
};

/** A string from the token, quoted as JSON so that spaces, case and invisible characters show. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/** How the RTC service packs the uid: "" is uid 0 (any user); digits a numeric uid; else a user account. */
export function packedUid(uid: string): Row {
  if (uid === '') return { label: 'uid', value: '"" (uid 0: any user may join with this token)' };
  if (/^\d+$/.test(uid)) {
    return {
      label: 'uid',
      value: `${quoted(uid)} (numeric uid ${uid}, or the user account ${quoted(uid)}: both pack the same)`,
    };
  }
  return { label: 'user account', value: `${quoted(uid)} (a string account, not a numeric uid)` };
}

function entries(privileges: Record<number, number>): Array<[number, number]> {
  return Object.entries(privileges)
    .map(([id, value]): [number, number] => [Number(id), value])
    .sort((a, b) => a[0] - b[0]);
}

function serviceView(token: Extract<DecodedToken, { version: '007' }>, service: DecodedService): ServiceView {
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(service)) {
    if (key === 'type' || key === 'name' || key === 'privileges') continue;
    if (service.name === 'rtc' && key === 'uid') rows.push(packedUid(String(value)));
    else if (key === 'permissions') rows.push({ label: 'permissions', value: JSON.stringify(value) });
    else if (typeof value === 'string') rows.push({ label: serviceFieldName(key), value: quoted(value) });
    else rows.push({ label: serviceFieldName(key), value: String(value) });
  }
  const privileges = entries(service.privileges);
  for (const [id, seconds] of privileges) {
    const name = privilegeName007(service.type, id);
    if (seconds === 0) rows.push({ label: name, value: 'as long as the token (0)' });
    else {
      const at = token.issueTs + seconds;
      rows.push({ label: name, value: `until ${isoDate(at)} (${seconds} s after issue)`, at });
    }
  }
  if (privileges.length === 0) rows.push({ label: 'privileges', value: 'none' });
  return { title: `${SERVICE_TITLES[service.name] ?? service.name} (service ${service.type})`, rows };
}

/** The rows of a decoded 006 or 007 token. */
export function describeToken(token: DecodedToken): TokenView {
  if (token.version === '007') {
    const expiresAt = token.issueTs + token.expire;
    return {
      summary: [
        { label: 'version', value: '007 (AccessToken2)' },
        { label: 'App ID', value: quoted(token.appId) },
        { label: 'issued', value: isoDate(token.issueTs), at: token.issueTs },
        { label: 'expires', value: `${isoDate(expiresAt)} (${token.expire} s after issue)`, at: expiresAt },
        { label: 'salt', value: String(token.salt) },
        {
          label: 'services',
          value: token.services.map((s) => SERVICE_TITLES[s.name] ?? s.name).join(', ') || 'none',
        },
      ],
      services: token.services.map((s) => serviceView(token, s)),
    };
  }
  const privileges = entries(token.privileges);
  return {
    summary: [
      { label: 'version', value: '006 (AccessToken, legacy)' },
      { label: 'App ID', value: quoted(token.appId) },
      { label: 'message time', value: isoDate(token.ts), at: token.ts },
      { label: 'salt', value: String(token.salt) },
      { label: 'channel CRC-32', value: hex32(token.crcChannelName) },
      { label: 'uid CRC-32', value: hex32(token.crcUid) },
    ],
    services: [
      {
        title: 'privileges (a 006 token carries only the CRC-32 of its channel and uid)',
        rows:
          privileges.length === 0
            ? [{ label: 'privileges', value: 'none' }]
            : privileges.map(([id, at]) =>
                at === 0
                  ? { label: privilegeName006(id), value: 'no expiry (0)' }
                  : { label: privilegeName006(id), value: `until ${isoDate(at)}`, at },
              ),
      },
    ],
  };
}

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}
