// Reads the published vectors (tests/fixtures/agora-published.json) and maps their inputs onto the
// library's services. Pure: runs on Node and inside workerd.

import {
  AccessToken2,
  Rtm2Permissions,
  type Service,
  ServiceApaas,
  ServiceChat,
  ServiceFcdn,
  ServiceFpa,
  ServiceRtc,
  ServiceRtm,
  ServiceRtm2,
  ServiceStreaming,
} from '../../../src/index.js';
// with an import attribute: Deno loads JSON modules only when asked to
import published from '../../fixtures/agora-published.json' with { type: 'json' };

export interface VectorService {
  type: string;
  channel_name?: string;
  uid?: number;
  account?: string;
  user_id?: string;
  room_uuid?: string;
  user_uuid?: string;
  role?: number;
  permissions?: Record<string, Record<string, string[]>>;
  privileges: Record<string, number>;
}

export interface Vector007 {
  id: string;
  format: '007';
  inputs: {
    app_id: string;
    app_certificate: string | null;
    issue_ts: number;
    salt: number;
    expire: number;
    services: VectorService[];
  };
  expected: string;
  expected_variants: { token: string; compressor: string[] }[];
  decompressed_hex: string;
  signature_hex: string;
  decoded: {
    app_id: string;
    issue_ts: number;
    expire: number;
    salt: number;
    services: Record<string, unknown>[];
  };
}

export interface Vector006 {
  id: string;
  format: '006';
  inputs: {
    app_id: string;
    app_certificate: string;
    salt: number;
    ts: number;
    channel_name?: string;
    uid?: number | string;
    account?: string;
    privilegeExpiredTs?: number;
    privileges: Record<string, number>;
  };
  expected: string;
  decoded: {
    app_id: string;
    signature_hex: string;
    crc_channel: number;
    crc_uid: number;
    salt: number;
    ts: number;
    privileges: Record<string, number>;
  };
}

const all = (published as { vectors: { format: string }[] }).vectors;
export const vectors007 = all.filter((v) => v.format === '007') as unknown as Vector007[];
export const vectors006 = all.filter((v) => v.format === '006') as unknown as Vector006[];

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function withPrivileges<S extends Service>(s: S, privileges: Record<string, number>): S {
  for (const [id, value] of Object.entries(privileges)) s.addPrivilege(Number(id), value);
  return s;
}

export function serviceFromVector(v: VectorService): Service {
  switch (v.type) {
    case 'RTC':
      return withPrivileges(new ServiceRtc(v.channel_name!, v.uid ?? v.account!), v.privileges);
    case 'RTM':
      return withPrivileges(new ServiceRtm(v.user_id!), v.privileges);
    case 'STREAMING':
      return withPrivileges(new ServiceStreaming(v.channel_name!, v.uid ?? v.account!), v.privileges);
    case 'FPA':
      return withPrivileges(new ServiceFpa(), v.privileges);
    case 'CHAT':
      return withPrivileges(new ServiceChat(v.user_id!), v.privileges);
    case 'FCDN':
      return withPrivileges(new ServiceFcdn(v.channel_name!, v.uid ?? v.account!), v.privileges);
    case 'APAAS':
      return withPrivileges(new ServiceApaas(v.room_uuid!, v.user_uuid!, v.role!), v.privileges);
    case 'RTM2': {
      const p = new Rtm2Permissions();
      for (const [rt, byPermission] of Object.entries(v.permissions ?? {})) {
        for (const [pt, resources] of Object.entries(byPermission)) p.add(Number(rt), Number(pt), resources);
      }
      return withPrivileges(new ServiceRtm2(v.user_id!, p), v.privileges);
    }
    default:
      throw new Error(`vector service type ${v.type} not mapped`);
  }
}

/** Builds the vector's token from its inputs with the library's AccessToken2. */
export function buildFromVector(v: Vector007, certificate = v.inputs.app_certificate!): string {
  const token = new AccessToken2(v.inputs.app_id, certificate, v.inputs.expire, {
    issueTs: v.inputs.issue_ts,
    salt: v.inputs.salt,
  });
  for (const s of v.inputs.services) token.addService(serviceFromVector(s));
  return token.build();
}

/** The vector's `decoded` services in this library's decodeToken shape. */
export function expectedServices(v: Vector007): Record<string, unknown>[] {
  return v.decoded.services.map((s) => {
    const base = { type: s.type, name: String(s.name).toLowerCase(), privileges: s.privileges };
    switch (s.name) {
      case 'RTC':
        return { ...base, channelName: s.channel_name, uid: s.uid_or_account };
      case 'STREAMING':
      case 'FCDN':
        return { ...base, channelName: s.channel_name, account: s.uid_or_account };
      case 'RTM':
      case 'CHAT':
        return { ...base, userId: s.user_id };
      case 'APAAS':
        return { ...base, roomUuid: s.room_uuid, userUuid: s.user_uuid, role: s.role };
      case 'RTM2':
        return { ...base, userId: s.user_id, permissions: s.rtm2_permissions };
      default:
        return base;
    }
  });
}

/** A valid certificate that is not the vectors' one. */
export const OTHER_CERTIFICATE = '0123456789abcdef0123456789ABCDEF';
