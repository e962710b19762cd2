// fast-check arbitraries for token inputs (pure: Node and workerd).
import fc from 'fast-check';
import {
  Rtm2Permissions,
  type Service,
  ServiceApaas,
  ServiceChat,
  ServiceConvoAI,
  ServiceFcdn,
  ServiceFpa,
  ServiceRtc,
  ServiceRtm,
  ServiceRtm2,
  ServiceStreaming,
  ServiceStt,
} from '../../../src/index.js';

const HEX = '0123456789abcdefABCDEF';
export const hex32 = fc
  .array(fc.constantFrom(...HEX.split('')), { minLength: 32, maxLength: 32 })
  .map((cs) => cs.join(''));

const CHANNEL_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,'.split('');
export const channelName = fc
  .array(fc.constantFrom(...CHANNEL_CHARS), { minLength: 1, maxLength: 63 })
  .map((a) => a.join(''));
export const userAccount = fc
  .array(fc.constantFrom(...CHANNEL_CHARS), { minLength: 1, maxLength: 255 })
  .map((a) => a.join(''));
export const uid = fc.integer({ min: 0, max: 0xffffffff });
/** 1..64 UTF-8 bytes, not starting with a space, any Unicode. */
export const rtmUserId = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(...CHANNEL_CHARS),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 20,
  })
  .filter((s) => !s.startsWith(' ') && new TextEncoder().encode(s).length <= 64 && s.length > 0);
/** Any Unicode text, with the awkward cases (a leading BOM, NUL, astral characters) made likely. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.constantFrom('\uFEFF', '\u0000', 'é', '€', '😀', 'a', ' ', '\uFFFD'), { maxLength: 6 })
    .map((a) => a.join('')),
);
export const expire = fc.integer({ min: 1, max: 86400 });
export const privilegeValue = fc.integer({ min: 0, max: 86400 });
export const issueTs = fc.integer({ min: 1, max: 0xffffffff });
export const salt = fc.integer({ min: 1, max: 99999999 });
export const privileges = fc.dictionary(
  fc.integer({ min: 0, max: 0xffff }).map(String),
  fc.integer({ min: 0, max: 0xffffffff }),
  { maxKeys: 5 },
);

export interface ServiceCase {
  service: Service;
  expected: Record<string, unknown>;
}

function withPrivileges(s: Service, p: Record<string, number>): Service {
  for (const [k, v] of Object.entries(p)) s.addPrivilege(Number(k), v);
  return s;
}
function numericKeys(p: Record<string, number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [k, v] of Object.entries(p)) out[Number(k)] = v;
  return out;
}

const uidOrAccount = fc.oneof(uid, anyText);
const packedUid = (u: number | string) => (u === 0 ? '' : String(u));

const rtm2Permissions = fc.array(
  fc.record({
    rt: fc.integer({ min: 0, max: 0xffff }),
    pt: fc.integer({ min: 0, max: 0xffff }),
    resources: fc.array(anyText, { maxLength: 3 }),
  }),
  { maxLength: 4 },
);

/** A random service of every known type, with what decodeToken must give back for it. */
export const serviceCase: fc.Arbitrary<ServiceCase> = fc.oneof(
  fc.record({ p: privileges, ch: anyText, u: uidOrAccount }).map(({ p, ch, u }) => ({
    service: withPrivileges(new ServiceRtc(ch, u), p),
    expected: { type: 1, name: 'rtc', privileges: numericKeys(p), channelName: ch, uid: packedUid(u) },
  })),
  fc.record({ p: privileges, u: anyText }).map(({ p, u }) => ({
    service: withPrivileges(new ServiceRtm(u), p),
    expected: { type: 2, name: 'rtm', privileges: numericKeys(p), userId: u },
  })),
  fc.record({ p: privileges, ch: anyText, u: uidOrAccount }).map(({ p, ch, u }) => ({
    service: withPrivileges(new ServiceStreaming(ch, u), p),
    expected: {
      type: 3,
      name: 'streaming',
      privileges: numericKeys(p),
      channelName: ch,
      account: packedUid(u),
    },
  })),
  privileges.map((p) => ({
    service: withPrivileges(new ServiceFpa(), p),
    expected: { type: 4, name: 'fpa', privileges: numericKeys(p) },
  })),
  fc.record({ p: privileges, u: anyText }).map(({ p, u }) => ({
    service: withPrivileges(new ServiceChat(u), p),
    expected: { type: 5, name: 'chat', privileges: numericKeys(p), userId: u },
  })),
  fc.record({ p: privileges, ch: anyText, u: uidOrAccount }).map(({ p, ch, u }) => ({
    service: withPrivileges(new ServiceFcdn(ch, u), p),
    expected: { type: 6, name: 'fcdn', privileges: numericKeys(p), channelName: ch, account: packedUid(u) },
  })),
  fc
    .record({ p: privileges, room: anyText, user: anyText, role: fc.integer({ min: -32768, max: 32767 }) })
    .map(({ p, room, user, role }) => ({
      service: withPrivileges(new ServiceApaas(room, user, role), p),
      expected: { type: 7, name: 'apaas', privileges: numericKeys(p), roomUuid: room, userUuid: user, role },
    })),
  fc.record({ p: privileges, u: anyText, perms: rtm2Permissions }).map(({ p, u, perms }) => {
    const permissions = new Rtm2Permissions();
    for (const x of perms) permissions.add(x.rt, x.pt, x.resources);
    return {
      service: withPrivileges(new ServiceRtm2(u, permissions), p),
      expected: {
        type: 8,
        name: 'rtm2',
        privileges: numericKeys(p),
        userId: u,
        permissions: permissions.details,
      },
    };
  }),
  fc
    .constant(null)
    .map(() => ({ service: new ServiceConvoAI(), expected: { type: 9, name: 'convoai', privileges: {} } })),
  fc
    .constant(null)
    .map(() => ({ service: new ServiceStt(), expected: { type: 10, name: 'stt', privileges: {} } })),
);
