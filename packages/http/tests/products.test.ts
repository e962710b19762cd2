// The routes of Agora's other products (ConvoAI, STT, APaaS, FPA, RTM 2): each gated by its product grant,
// and each token compared after inflating with what agora-token 2.0.6 builds for the same inputs, issue
// time and salt (the differential tests of the new builders, through the HTTP routes).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { decodeToken, verifyToken } from '@tokenfn/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, CERT, harness, NOW_S, OPEN_ENV } from './support/app-harness.js';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS reference implementation
const agora: any = require('agora-token');

const SALT = 424242;
const KEY = 'products-test-api-key-0001';
const OTHER_KEY = 'products-test-api-key-0002';
const sha = (k: string) => createHash('sha256').update(k).digest('hex');
const ALL = ['rtc', 'rtm', 'rtm2', 'chat', 'convoai', 'stt', 'apaas', 'fpa'];

/** API-key auth: KEY may have every product, OTHER_KEY the defaults. */
const ENV = {
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: `${sha(KEY)},${sha(OTHER_KEY)}`,
  API_KEY_SCOPES: JSON.stringify({ [sha(KEY)]: { products: ALL } }),
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** agora-token with its clock at NOW_S and its salt forced to SALT. */
function theirs(build: () => string): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW_S * 1000);
  vi.spyOn(Math, 'random').mockReturnValue((SALT - 0.5) / 99999999);
  try {
    return build();
  } finally {
    vi.restoreAllMocks();
    vi.useRealTimers();
  }
}

const payload = (token: string) => inflateSync(Buffer.from(token.slice(3), 'base64')).toString('hex');

async function issue(path: string, body: unknown, key = KEY) {
  const res = await harness(ENV).post(path, body, { 'x-api-key': key });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /v1/tokens/convoai and /v1/tokens/stt', () => {
  it('the agent token is the one ConvoAITokenBuilder builds for the same channel, uid and RTM user', async () => {
    const { status, body } = await issue('/v1/tokens/convoai', {
      channel: 'agent-room',
      uid: 1001,
      expiresIn: 600,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      app: 'default',
      appId: APP_ID,
      channel: 'agent-room',
      uid: 1001,
      role: 'publisher',
      rtmUserId: '1001',
      issuedAt: NOW_S,
      expiresAt: NOW_S + 600,
    });
    const reference = theirs(() =>
      agora.ConvoAITokenBuilder.buildToken(
        APP_ID,
        CERT,
        'agent-room',
        1001,
        1,
        600,
        600,
        600,
        600,
        600,
        '1001',
        600,
      ),
    );
    expect(payload(body['token'] as string)).toBe(payload(reference));
    const d = decodeToken(body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services.map((s) => s.type)).toEqual([1, 2, 9]);
  });

  it('the STT bot token (an account, subscriber by default) matches SttTokenBuilder', async () => {
    const { body } = await issue('/v1/tokens/stt', { channel: 'talk', account: 'stt-sub-bot' });
    expect(body).toMatchObject({ role: 'subscriber', account: 'stt-sub-bot', rtmUserId: 'stt-sub-bot' });
    const reference = theirs(() =>
      agora.SttTokenBuilder.buildToken(
        APP_ID,
        CERT,
        'talk',
        'stt-sub-bot',
        2,
        3600,
        3600,
        3600,
        3600,
        3600,
        'stt-sub-bot',
        3600,
      ),
    );
    expect(payload(body['token'] as string)).toBe(payload(reference));
    const pub = await issue('/v1/tokens/stt', { channel: 'talk', uid: 7, role: 'publisher', expiresIn: 60 });
    const ref2 = theirs(() =>
      agora.SttTokenBuilder.buildToken(APP_ID, CERT, 'talk', 7, 1, 60, 60, 60, 60, 60, '7', 60),
    );
    expect(payload(pub.body['token'] as string)).toBe(payload(ref2));
  });

  it('refuses uid 0, both or neither of uid and account, and bad channels', async () => {
    for (const bad of [
      { channel: 'c', uid: 0 },
      { channel: 'c' },
      { channel: 'c', uid: 1, account: 'a' },
      { channel: 'bad/channel', uid: 1 },
    ]) {
      const { status, body } = await issue('/v1/tokens/convoai', bad);
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(body['code']).toBe('ERR_INVALID_FIELDS');
    }
  });

  it('an account the RTM login cannot carry is refused as the account, the field the request has', async () => {
    for (const path of ['/v1/tokens/convoai', '/v1/tokens/stt']) {
      for (const account of ['a'.repeat(65), ' agent']) {
        const { status, body } = await issue(path, { channel: 'c', account });
        expect(status, `${path} ${account}`).toBe(400);
        expect((body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['account']);
      }
    }
  });
});

describe('POST /v1/tokens/apaas', () => {
  it('room-user, user and app tokens match ApaasTokenBuilder (room-user with the room-user privilege)', async () => {
    const room = await issue('/v1/tokens/apaas', {
      kind: 'room-user',
      roomUuid: 'room-1',
      userUuid: 'student-9',
      role: 2,
      expiresIn: 900,
    });
    expect(room.body).toMatchObject({
      kind: 'room-user',
      roomUuid: 'room-1',
      userUuid: 'student-9',
      role: 2,
    });
    const d = decodeToken(room.body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services.map((s) => s.type)).toEqual([2, 5, 7]);
    // agora-token 2.0.6 leaves the room-user privilege out (a documented difference of the core library),
    // so the room-user token is checked service by service, the others byte for byte.
    expect(d.services.find((s) => s.type === 7)!.privileges).toEqual({ 1: 900 });
    const user = await issue('/v1/tokens/apaas', { kind: 'user', userUuid: 'teacher-1' });
    const refUser = theirs(() => agora.ApaasTokenBuilder.buildUserToken(APP_ID, CERT, 'teacher-1', 3600));
    expect(payload(user.body['token'] as string)).toBe(payload(refUser));
    const app = await issue('/v1/tokens/apaas', { kind: 'app', expiresIn: 120 });
    const refApp = theirs(() => agora.ApaasTokenBuilder.buildAppToken(APP_ID, CERT, 120));
    expect(payload(app.body['token'] as string)).toBe(payload(refApp));
  });

  it('asks for what each kind needs and nothing else', async () => {
    expect((await issue('/v1/tokens/apaas', { kind: 'room-user', userUuid: 'u' })).status).toBe(400);
    expect((await issue('/v1/tokens/apaas', { kind: 'user' })).status).toBe(400);
    expect((await issue('/v1/tokens/apaas', { kind: 'app', userUuid: 'u' })).status).toBe(400);
    expect((await issue('/v1/tokens/apaas', { kind: 'teacher' })).status).toBe(400);
  });
});

describe('POST /v1/tokens/fpa and /v1/tokens/rtm2', () => {
  it('a 24-hour FPA token is the one FpaTokenBuilder builds', async () => {
    const { body } = await issue('/v1/tokens/fpa', { expiresIn: 86400 });
    const reference = theirs(() => agora.FpaTokenBuilder.buildToken(APP_ID, CERT));
    expect(payload(body['token'] as string)).toBe(payload(reference));
    const short = await issue('/v1/tokens/fpa', {});
    expect((short.body['expiresAt'] as number) - NOW_S).toBe(3600);
  });

  it('an RTM 2 token with permissions is the one buildTokenWithPermissions builds', async () => {
    const permissions = {
      messageChannels: { read: ['lobby', 'news'], write: ['lobby'] },
      users: { read: ['bob'] },
    };
    const { status, body } = await issue('/v1/tokens/rtm2', { userId: 'alice', permissions, expiresIn: 300 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ userId: 'alice', permissions });
    const reference = theirs(() => {
      const p = new agora.Rtm2Permissions();
      p.add(agora.Rtm2Permissions.kMessageChannels, agora.Rtm2Permissions.kRead, ['lobby', 'news']);
      p.add(agora.Rtm2Permissions.kMessageChannels, agora.Rtm2Permissions.kWrite, ['lobby']);
      p.add(agora.Rtm2Permissions.kUsers, agora.Rtm2Permissions.kRead, ['bob']);
      return agora.RtmTokenBuilder.buildTokenWithPermissions(APP_ID, CERT, 'alice', p, 300);
    });
    expect(payload(body['token'] as string)).toBe(payload(reference));
    expect(verifyToken(body['token'] as string, CERT)).toBe(true);
  });
});

describe('RTM 2 permissions for an identity bound to its user id', () => {
  const gw = harness({
    AUTH_MODE: 'gateway',
    JWT_UID_CLAIM: 'user',
    JWT_PRODUCTS_CLAIM: 'products',
  });
  const bob = { sub: 'b', claims: { user: 'bob', products: '["rtm2"]' } };
  const rtm2 = async (permissions: object) => {
    const res = await gw.post('/v1/tokens/rtm2', { permissions }, {}, bob);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('user permissions on itself only, none on server groups', async () => {
    expect((await rtm2({ users: { read: ['bob'], write: ['bob'] } })).status).toBe(200);
    const other = await rtm2({ users: { write: ['alice'] } });
    expect(other).toMatchObject({ status: 403, body: { reason: 'uid_mismatch' } });
    const groups = await rtm2({ serverGroups: { read: ['ops'] } });
    expect(groups).toMatchObject({ status: 403, body: { reason: 'resource_not_allowed' } });
    // an API-key caller is a trusted server: both are fine
    const viaKey = await issue('/v1/tokens/rtm2', {
      userId: 'svc',
      permissions: { users: { write: ['alice'] }, serverGroups: { read: ['ops'] } },
    });
    expect(viaKey.status).toBe(200);
  });
});

describe('product grants', () => {
  it('an API key without a scope gets rtc, rtm and chat, and 403 product_not_allowed for the rest', async () => {
    for (const [path, ask] of [
      ['/v1/tokens/convoai', { channel: 'c', uid: 5 }],
      ['/v1/tokens/stt', { channel: 'c', uid: 5 }],
      ['/v1/tokens/apaas', { kind: 'user', userUuid: 'u' }],
      ['/v1/tokens/fpa', {}],
      ['/v1/tokens/rtm2', { userId: 'u' }],
    ] as const) {
      const { status, body } = await issue(path, ask, OTHER_KEY);
      expect(status, path).toBe(403);
      expect(body['reason'], path).toBe('product_not_allowed');
      expect(JSON.stringify(body)).not.toMatch(/00[67][A-Za-z0-9+/=]{40,}/);
    }
    expect((await issue('/v1/tokens/rtc', { channel: 'c', uid: 5 }, OTHER_KEY)).status).toBe(200);
  });

  it('AUTH_MODE=none follows DEFAULT_PRODUCTS', async () => {
    const closed = harness(OPEN_ENV);
    expect((await closed.post('/v1/tokens/fpa', {})).status).toBe(403);
    const open = harness({ ...OPEN_ENV, DEFAULT_PRODUCTS: 'rtc,fpa' });
    expect((await open.post('/v1/tokens/fpa', {})).status).toBe(200);
    expect((await open.post('/v1/tokens/rtm', { userId: 'u' })).status).toBe(403);
  });

  it('the request log line names the product and the app, never the token or certificate', async () => {
    const h = harness(ENV);
    const res = await h.post('/v1/tokens/convoai', { channel: 'c', uid: 5 }, { 'x-api-key': KEY });
    const { token } = (await res.json()) as { token: string };
    const line = h.logs.entries().find((e) => e['message'] === 'request')!;
    expect(line).toMatchObject({ tokenType: 'convoai', app: 'default', channel: 'c', status: 200 });
    for (const text of h.logs.lines) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(CERT);
      expect(text).not.toContain(KEY);
    }
  });
});
