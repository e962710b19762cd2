// The other products' routes (rtm2, convoai, stt, apaas, fpa) and the `app` every ask may carry, against
// the real local server over HTTP on loopback, holding two apps (AGORA_APPS): the tokens it returns, what
// is inside them, which app signed them, and the cache keeping asks for different apps apart.
import { createHash } from 'node:crypto';
import { CONTRACT_ENV, CONTRACT_PRODUCTS_API_KEY } from '@tokenfn/contract-tests';
import { type DecodedService, decodeToken, verifyToken } from '@tokenfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askKey, createTokenSource, TokenSourceError } from '../src/index.js';
import {
  apiKeyHeaders,
  countingFetch,
  expectIssued,
  expectNoSecretsLogged,
  startTokenServer,
  type TestServer,
} from './support.js';

/** The contract's app (Agora's published test credentials), the deployment's default here. */
const MAIN = {
  appId: CONTRACT_ENV['AGORA_APP_ID']!,
  appCertificate: CONTRACT_ENV['AGORA_APP_CERTIFICATE']!,
};
const STAGING = {
  appId: '0b5e7f3c9a2d4e6f8a1b3c5d7e9f0a2b',
  appCertificate: 'c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4',
};
/** This key may use every product and every app; the contract's CONTRACT_API_KEY has the defaults. */
const productsHeaders = { 'X-API-Key': CONTRACT_PRODUCTS_API_KEY };

let server: TestServer;
const handedOut: string[] = [];

beforeAll(async () => {
  server = await startTokenServer({
    // the single-app form is not set (empty is unset), so AGORA_APPS can be
    AGORA_APP_ID: '',
    AGORA_APP_CERTIFICATE: '',
    AGORA_APPS: JSON.stringify({ apps: { main: MAIN, staging: STAGING } }),
    AGORA_DEFAULT_APP: 'main',
    API_KEY_SCOPES: JSON.stringify({
      [createHash('sha256').update(CONTRACT_PRODUCTS_API_KEY).digest('hex')]: {
        products: ['*'],
        apps: ['*'],
      },
    }),
  });
});

afterAll(async () => {
  await server.close();
  expect(handedOut.length).toBeGreaterThan(10);
  expectNoSecretsLogged(server.logs, handedOut, [STAGING.appCertificate, CONTRACT_PRODUCTS_API_KEY]);
});

function source(headers: Record<string, string> = productsHeaders) {
  const f = countingFetch();
  const s = createTokenSource({ baseUrl: server.url, headers, fetch: f });
  const keep = <T extends { token: string }>(t: T) => {
    handedOut.push(t.token);
    return t;
  };
  return { s, f, keep };
}

/** The services of a 007 token, in packed order, and the App ID it names. */
function servicesOf(token: string): { appId: string; expire: number; services: DecodedService[] } {
  const d = decodeToken(token);
  if (d.version !== '007') throw new Error('expected a 007 token');
  return { appId: d.appId, expire: d.expire, services: d.services };
}

/** Signed by MAIN's certificate and naming MAIN's App ID, as the answer says. */
function expectMainApp(t: { token: string; app: string; appId: string }): void {
  expect(t.app).toBe('main');
  expect(t.appId).toBe(MAIN.appId);
  expect(servicesOf(t.token).appId).toBe(MAIN.appId);
  expect(verifyToken(t.token, MAIN.appCertificate)).toBe(true);
}

describe('the other products', () => {
  it('rtm2: an RTM 2 token for the user, with the permissions asked, in the token as well', async () => {
    const { s, f, keep } = source();
    const permissions = {
      messageChannels: { read: ['news', 'lobby'], write: ['lobby'] },
      streamChannels: { read: ['stage'] },
      serverGroups: { write: ['ops'] },
      users: { read: ['bob'] },
    };
    const t = keep(await s.rtm2({ userId: 'alice', permissions, expiresIn: 900 }));
    expectIssued(t);
    expect(f.paths).toEqual(['/v1/tokens/rtm2']);
    expectMainApp(t);
    expect(t.userId).toBe('alice');
    expect(t.permissions).toEqual(permissions);
    expect(t.expiresAt - t.issuedAt).toBe(900);
    const { services, expire } = servicesOf(t.token);
    expect(expire).toBe(900);
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({
      name: 'rtm2',
      userId: 'alice',
      // resource type (message 0, stream 1, group 2, server group 3, user 4) -> read 0 / write 1 -> names
      permissions: {
        0: { 0: ['news', 'lobby'], 1: ['lobby'] },
        1: { 0: ['stage'] },
        3: { 1: ['ops'] },
        4: { 0: ['bob'] },
      },
    });
  });

  it('rtm2 without permissions: the answer says `{}` and the token holds none', async () => {
    const { s, keep } = source();
    const t = keep(await s.rtm2({ userId: 'carol' }));
    expect(t.permissions).toEqual({});
    expect(servicesOf(t.token).services).toEqual([
      expect.objectContaining({ name: 'rtm2', userId: 'carol', permissions: {} }),
    ]);
  });

  it('convoai: RTC for the channel and RTM login, both for the agent uid, and the ConvoAI service', async () => {
    const { s, f, keep } = source();
    const t = keep(await s.convoai({ channel: 'support-1', uid: 1001 }));
    expectIssued(t);
    expect(f.paths).toEqual(['/v1/tokens/convoai']);
    expectMainApp(t);
    expect(t).toMatchObject({ channel: 'support-1', uid: 1001, role: 'publisher', rtmUserId: '1001' });
    expect(t.account).toBeUndefined();
    const { services } = servicesOf(t.token);
    expect(services.map((x) => x.name)).toEqual(['rtc', 'rtm', 'convoai']);
    expect(services[0]).toMatchObject({ channelName: 'support-1', uid: '1001' });
    // a publisher: join and publish audio, video and data
    expect(Object.keys(services[0]!.privileges).sort()).toEqual(['1', '2', '3', '4']);
    expect(services[1]).toMatchObject({ userId: '1001' });
  });

  it('convoai with an account: the account is the RTC user and the RTM login', async () => {
    const { s, keep } = source();
    const t = keep(await s.convoai({ channel: 'support-1', account: 'agent-7', role: 'subscriber' }));
    expect(t).toMatchObject({
      channel: 'support-1',
      account: 'agent-7',
      role: 'subscriber',
      rtmUserId: 'agent-7',
    });
    expect(t.uid).toBeUndefined();
    const { services } = servicesOf(t.token);
    expect(services[0]).toMatchObject({ name: 'rtc', uid: 'agent-7' });
    expect(Object.keys(services[0]!.privileges)).toEqual(['1']);
    expect(services[1]).toMatchObject({ name: 'rtm', userId: 'agent-7' });
  });

  it('stt: the same for a bot, a subscriber unless asked, with the STT service', async () => {
    const { s, f, keep } = source();
    const t = keep(await s.stt({ channel: 'talk', uid: 2002 }));
    expect(f.paths).toEqual(['/v1/tokens/stt']);
    expectMainApp(t);
    expect(t).toMatchObject({ channel: 'talk', uid: 2002, role: 'subscriber', rtmUserId: '2002' });
    const { services } = servicesOf(t.token);
    expect(services.map((x) => x.name)).toEqual(['rtc', 'rtm', 'stt']);
    expect(services[0]).toMatchObject({ channelName: 'talk', uid: '2002' });
    expect(services[1]).toMatchObject({ userId: '2002' });
  });

  it('convoai refuses uid 0 (the RTM login needs the agent id): a 400 naming uid, not retried', async () => {
    const { s, f } = source();
    const err = (await s.convoai({ channel: 'c', uid: 0 }).catch((x: unknown) => x)) as TokenSourceError;
    expect(err).toBeInstanceOf(TokenSourceError);
    expect(err.code).toBe('ERR_INVALID_FIELDS');
    expect(err.errors?.map((x) => x.path)).toEqual(['uid']);
    expect(f.paths).toHaveLength(1);
  });

  it('apaas: room-user, user and app tokens, each with the fields and services of its kind', async () => {
    const { s, f, keep } = source();
    const room = keep(await s.apaas({ kind: 'room-user', roomUuid: 'class-9', userUuid: 'stu-1', role: 2 }));
    expectIssued(room);
    expectMainApp(room);
    expect(room).toMatchObject({ kind: 'room-user', roomUuid: 'class-9', userUuid: 'stu-1', role: 2 });
    const roomServices = servicesOf(room.token).services;
    expect(roomServices.map((x) => x.name)).toEqual(['rtm', 'chat', 'apaas']);
    expect(roomServices).toContainEqual(
      expect.objectContaining({ name: 'apaas', roomUuid: 'class-9', userUuid: 'stu-1', role: 2 }),
    );
    expect(roomServices).toContainEqual(expect.objectContaining({ name: 'rtm', userId: 'stu-1' }));

    const noRole = keep(await s.apaas({ kind: 'room-user', roomUuid: 'class-9', userUuid: 'stu-2' }));
    expect(noRole.role).toBe(-1);

    const user = keep(await s.apaas({ kind: 'user', userUuid: 'stu-1' }));
    expect(user).toMatchObject({ kind: 'user', userUuid: 'stu-1' });
    expect(user).not.toHaveProperty('roomUuid');
    expect(servicesOf(user.token).services).toEqual([
      expect.objectContaining({ name: 'apaas', roomUuid: '', userUuid: 'stu-1' }),
    ]);

    const app = keep(await s.apaas({ kind: 'app' }));
    expect(app.kind).toBe('app');
    expect(app).not.toHaveProperty('userUuid');
    expect(servicesOf(app.token).services).toEqual([
      expect.objectContaining({ name: 'apaas', roomUuid: '', userUuid: '' }),
    ]);
    expect(f.paths).toEqual(Array(4).fill('/v1/tokens/apaas'));
  });

  it('fpa: an FPA login token for as long as the token lasts', async () => {
    const { s, f, keep } = source();
    const t = keep(await s.fpa({ expiresIn: 1200 }));
    expectIssued(t);
    expect(f.paths).toEqual(['/v1/tokens/fpa']);
    expectMainApp(t);
    expect(t.expiresAt - t.issuedAt).toBe(1200);
    expect(servicesOf(t.token).services).toEqual([
      expect.objectContaining({ name: 'fpa', privileges: { 1: 0 } }),
    ]);
    // no ask at all is the default lifetime (the contract's DEFAULT_EXPIRES_IN)
    const d = keep(await s.fpa());
    expect(d.expiresAt - d.issuedAt).toBe(Number(CONTRACT_ENV['DEFAULT_EXPIRES_IN']));
  });

  it('the new methods share the cache and single flight of get()', async () => {
    const { s, f, keep } = source();
    const agent = { channel: 'shared', uid: 31 };
    const [a, b, c] = await Promise.all([
      s.convoai(agent),
      s.convoai({ uid: 31, channel: 'shared' }),
      s.get({ type: 'convoai', ...agent }),
    ]);
    keep(a);
    expect(b.token).toBe(a.token);
    expect(c.token).toBe(a.token);
    expect(f.paths).toEqual(['/v1/tokens/convoai']);
    // the same fields for stt are another route, and another token
    const bot = keep(await s.stt(agent));
    expect(bot.token).not.toBe(a.token);
    expect(s.cached({ type: 'convoai', ...agent })?.token).toBe(a.token);
    expect(s.cached({ type: 'stt', ...agent })?.token).toBe(bot.token);
    const perms = { messageChannels: { read: ['x'] } };
    const r = keep(await s.rtm2({ userId: 'dana', permissions: perms }));
    expect((await s.rtm2({ permissions: perms, userId: 'dana' })).token).toBe(r.token);
    const fpa = keep(await s.fpa());
    expect((await s.fpa({})).token).toBe(fpa.token);
    expect((await s.apaas({ kind: 'app' })).token).toBe(keep(await s.apaas({ kind: 'app' })).token);
    expect(f.paths).toEqual([
      '/v1/tokens/convoai',
      '/v1/tokens/stt',
      '/v1/tokens/rtm2',
      '/v1/tokens/fpa',
      '/v1/tokens/apaas',
    ]);
    const fresh = keep(await s.fpa({}, { fresh: true }));
    expect(fresh.token).not.toBe(fpa.token);
  });
});

describe('app: which app signs', () => {
  it('the app named signs the token and the answer says so; asks for different apps are cached apart', async () => {
    const { s, f, keep } = source();
    const ask = { channel: 'apps', uid: 5 };
    const byDefault = keep(await s.rtc(ask));
    const staging = keep(await s.rtc({ ...ask, app: 'staging' }));
    const main = keep(await s.rtc({ ...ask, app: 'main' }));
    expect(f.paths).toHaveLength(3);
    expectMainApp(byDefault);
    expectMainApp(main);
    expect(staging).toMatchObject({ app: 'staging', appId: STAGING.appId, channel: 'apps', uid: 5 });
    expect(servicesOf(staging.token).appId).toBe(STAGING.appId);
    expect(verifyToken(staging.token, STAGING.appCertificate)).toBe(true);
    expect(verifyToken(staging.token, MAIN.appCertificate)).toBe(false);
    // three asks, three cache entries: none answers for another
    expect(new Set([byDefault.token, staging.token, main.token]).size).toBe(3);
    expect(askKey({ type: 'rtc', ...ask, app: 'staging' })).not.toBe(askKey({ type: 'rtc', ...ask }));
    expect(s.cached({ type: 'rtc', ...ask })?.token).toBe(byDefault.token);
    expect(s.cached({ type: 'rtc', ...ask, app: 'staging' })?.token).toBe(staging.token);
    expect(s.cached({ type: 'rtc', ...ask, app: 'main' })?.token).toBe(main.token);
    expect((await s.rtc({ app: 'staging', ...ask })).token).toBe(staging.token);
    expect(f.paths).toHaveLength(3);
  });

  it('every route takes app, and appId (the App ID) picks the same app', async () => {
    const { s, keep } = source();
    const tokens = [
      keep(await s.rtm({ userId: 'erin', app: 'staging' })),
      keep(await s.chat({ userId: 'erin', app: 'staging' })),
      keep(await s.rtm2({ userId: 'erin', app: 'staging' })),
      keep(await s.convoai({ channel: 'apps', uid: 77, app: 'staging' })),
      keep(await s.stt({ channel: 'apps', uid: 78, app: 'staging' })),
      keep(await s.apaas({ kind: 'user', userUuid: 'erin', app: 'staging' })),
      keep(await s.fpa({ app: 'staging' })),
      keep(await s.fpa({ appId: STAGING.appId })),
      keep(await s.fpa({ app: 'staging', appId: STAGING.appId })),
    ];
    for (const t of tokens) {
      expect(t).toMatchObject({ app: 'staging', appId: STAGING.appId });
      expect(verifyToken(t.token, STAGING.appCertificate)).toBe(true);
    }
  });

  it('an app the deployment lacks is a 400 naming app; an App ID of another app is a 400 naming appId', async () => {
    const { s } = source();
    const unknown = (await s.fpa({ app: 'nope' }).catch((x: unknown) => x)) as TokenSourceError;
    expect(unknown.code).toBe('ERR_INVALID_FIELDS');
    expect(unknown.errors?.map((x) => x.path)).toEqual(['app']);
    const mismatch = (await s
      .fpa({ app: 'main', appId: STAGING.appId })
      .catch((x: unknown) => x)) as TokenSourceError;
    expect(mismatch.code).toBe('ERR_INVALID_FIELDS');
    expect(mismatch.errors?.map((x) => x.path)).toEqual(['appId']);
  });

  it('a key without the grant is refused another app (403), and products beyond rtc, rtm and chat', async () => {
    const { s, f, keep } = source(apiKeyHeaders);
    keep(await s.rtm({ userId: 'frank' }));
    const app = (await s
      .rtm({ userId: 'frank', app: 'staging' })
      .catch((x: unknown) => x)) as TokenSourceError;
    expect(app).toBeInstanceOf(TokenSourceError);
    expect(app).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403 });
    const product = (await s.fpa().catch((x: unknown) => x)) as TokenSourceError;
    expect(product).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403 });
    expect(f.paths).toEqual(['/v1/tokens/rtm', '/v1/tokens/rtm', '/v1/tokens/fpa']);
  });
});
