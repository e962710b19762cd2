// Several Agora apps per deployment, which identity may use which app and product, and certificate
// rotation (tokens signed with the current certificate, inspection accepting the previous one).
import { createHash } from 'node:crypto';
import { decodeToken, RtcTokenBuilder, verifyToken } from '@tokenfn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GatewayIdentity } from '../src/index.js';
import { loadConfig, staticCredentials, variableCredentials } from '../src/index.js';
import { harness, NOW_S } from './support/app-harness.js';

const PROD = {
  appId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  appCertificate: '11111111111111111111111111111111',
};
const STAGING = {
  appId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  appCertificate: '22222222222222222222222222222222',
  previousAppCertificate: '33333333333333333333333333333333',
};
const DEV = { appId: 'cccccccccccccccccccccccccccccccc', appCertificate: '44444444444444444444444444444444' };
const APPS = { apps: { prod: PROD, staging: STAGING, dev: DEV } };
const CERTS = [
  '11111111111111111111111111111111',
  '22222222222222222222222222222222',
  '33333333333333333333333333333333',
  '44444444444444444444444444444444',
];

const sha = (k: string) => createHash('sha256').update(k).digest('hex');
const KEYS = {
  ops: 'apps-test-key-ops-000001',
  plain: 'apps-test-key-plain-0001',
  partner: 'apps-test-key-partner-01',
};
const API_ENV = {
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: Object.values(KEYS).map(sha).join(','),
  API_KEY_SCOPES: JSON.stringify({
    [sha(KEYS.ops)]: { apps: ['*'] },
    [sha(KEYS.partner)]: { apps: ['staging', 'dev'], products: ['convoai', 'rtc'] },
  }),
  AGORA_DEFAULT_APP: 'prod',
};

function app(env: Record<string, string> = API_ENV, creds: unknown = APPS) {
  return harness(env, { credentials: staticCredentials(creds as typeof APPS) });
}

async function ask(h: ReturnType<typeof app>, key: keyof typeof KEYS, path: string, body: unknown) {
  const res = await h.post(path, body, { 'x-api-key': KEYS[key] });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('several apps', () => {
  it('signs with the default app unless the request names one it may use; the answer says which', async () => {
    const h = app();
    const byDefault = await ask(h, 'plain', '/v1/tokens/rtc', { channel: 'c', uid: 1 });
    expect(byDefault.body).toMatchObject({ app: 'prod', appId: PROD.appId });
    expect(verifyToken(byDefault.body['token'] as string, PROD.appCertificate)).toBe(true);
    const named = await ask(h, 'ops', '/v1/tokens/rtm', { userId: 'u', app: 'staging' });
    expect(named.body).toMatchObject({ app: 'staging', appId: STAGING.appId });
    // always the current certificate, never the previous one
    expect(verifyToken(named.body['token'] as string, STAGING.appCertificate)).toBe(true);
    expect(verifyToken(named.body['token'] as string, STAGING.previousAppCertificate)).toBe(false);
    const byId = await ask(h, 'ops', '/v1/tokens/chat', { userId: 'u', appId: DEV.appId.toUpperCase() });
    expect(byId.body).toMatchObject({ app: 'dev', appId: DEV.appId });
    const line = h.logs.entries().filter((e) => e['message'] === 'request');
    expect(line.map((e) => e['app'])).toEqual(['prod', 'staging', 'dev']);
    for (const text of h.logs.lines) for (const c of CERTS) expect(text).not.toContain(c);
  });

  it('403 app_not_allowed for an app the identity is not granted, whether or not it exists', async () => {
    const h = app();
    for (const body of [
      { channel: 'c', uid: 1, app: 'staging' },
      { channel: 'c', uid: 1, app: 'nonexistent' },
      { channel: 'c', uid: 1, appId: STAGING.appId },
      { channel: 'c', uid: 1, appId: 'dddddddddddddddddddddddddddddddd' },
    ]) {
      const r = await ask(h, 'plain', '/v1/tokens/rtc', body);
      expect(r.status, JSON.stringify(body)).toBe(403);
      expect(r.body['reason']).toBe('app_not_allowed');
    }
    // a granted name the deployment lacks is the caller's mistake: 400 naming the field
    const missing = await ask(h, 'ops', '/v1/tokens/rtc', { channel: 'c', uid: 1, app: 'nonexistent' });
    expect(missing.status).toBe(400);
    expect(missing.body['errors']).toEqual([{ path: 'app', message: expect.any(String) }]);
    const mismatch = await ask(h, 'ops', '/v1/tokens/rtc', {
      channel: 'c',
      uid: 1,
      app: 'prod',
      appId: DEV.appId,
    });
    expect(mismatch.status).toBe(400);
  });

  it('a glob app grant cannot tell an unknown App ID from one it may not use', async () => {
    const globbed = 'apps-test-key-globbed-01';
    const env = {
      ...API_ENV,
      API_KEY_HASHES: `${API_ENV.API_KEY_HASHES},${sha(globbed)}`,
      API_KEY_SCOPES: JSON.stringify({
        ...JSON.parse(API_ENV.API_KEY_SCOPES),
        [sha(globbed)]: { apps: ['a*', 'd*'] },
      }),
    };
    const h = app(env);
    const post = (body: object) =>
      h.post('/v1/tokens/rtc', { channel: 'c', uid: 1, ...body }, { 'x-api-key': globbed });
    const notOurs = await post({ appId: STAGING.appId });
    const unknown = await post({ appId: 'dddddddddddddddddddddddddddddddd' });
    expect([notOurs.status, unknown.status]).toEqual([403, 403]);
    expect(((await unknown.json()) as { reason: string }).reason).toBe('app_not_allowed');
    // its own app by App ID still works
    expect((await post({ appId: DEV.appId })).status).toBe(200);
  });

  it('without a default and with several apps, a request must name its app', async () => {
    const { AGORA_DEFAULT_APP: _, ...env } = API_ENV;
    const h = app(env);
    const r = await ask(h, 'ops', '/v1/tokens/rtc', { channel: 'c', uid: 1 });
    expect(r.status).toBe(400);
    expect((r.body['errors'] as { path: string }[])[0]!.path).toBe('app');
    expect((await ask(h, 'ops', '/v1/tokens/rtc', { channel: 'c', uid: 1, app: 'dev' })).status).toBe(200);
  });

  it('an AGORA_DEFAULT_APP that names no app is a 503 and /readyz says not ready', async () => {
    const h = app({ ...API_ENV, AGORA_DEFAULT_APP: 'qa' });
    const r = await ask(h, 'plain', '/v1/tokens/rtc', { channel: 'c', uid: 1 });
    expect(r.status).toBe(503);
    expect(r.body['code']).toBe('ERR_CREDENTIALS_MALFORMED');
    expect((await h.call('/readyz')).status).toBe(503);
  });

  it('variableCredentials reads AGORA_APPS (string or binding) and AGORA_PREVIOUS_APP_CERTIFICATE', async () => {
    expect(
      await variableCredentials({ AGORA_APPS: { get: async () => JSON.stringify(APPS) } }).get(),
    ).toEqual(APPS);
    expect(
      await variableCredentials({
        AGORA_APP_ID: STAGING.appId,
        AGORA_APP_CERTIFICATE: STAGING.appCertificate,
        AGORA_PREVIOUS_APP_CERTIFICATE: STAGING.previousAppCertificate,
      }).get(),
    ).toEqual(STAGING);
    await expect(
      variableCredentials({ AGORA_APPS: '{"apps":{"prod":{"appId":"x"}}}' }).get(),
    ).rejects.toMatchObject({
      code: 'ERR_CREDENTIALS_MALFORMED',
      message: expect.stringContaining('app "prod"'),
    });
    await expect(
      variableCredentials({ AGORA_APPS: JSON.stringify(APPS), AGORA_APP_ID: PROD.appId }).get(),
    ).rejects.toMatchObject({ code: 'ERR_CREDENTIALS_MALFORMED' });
    await expect(
      variableCredentials({
        AGORA_APP_ID: PROD.appId,
        AGORA_APP_CERTIFICATE: PROD.appCertificate,
        AGORA_PREVIOUS_APP_CERTIFICATE: 'S3cr3t',
      }).get(),
    ).rejects.toMatchObject({ message: expect.not.stringContaining('S3cr3t') });
  });
});

describe('certificate rotation: inspect accepts either certificate and says which matched', () => {
  const issuedWith = (cert: string) =>
    RtcTokenBuilder.buildTokenWithUid(STAGING.appId, cert, 'c', 1, 1, 600, 600, {
      issueTs: NOW_S - 10,
      salt: 9,
    });

  it('current, previous, or neither', async () => {
    const h = app();
    const inspect = async (token: string) => (await ask(h, 'ops', '/v1/tokens/inspect', { token })).body;
    expect(await inspect(issuedWith(STAGING.appCertificate))).toMatchObject({
      app: 'staging',
      signatureValid: true,
      certificate: 'current',
    });
    expect(await inspect(issuedWith(STAGING.previousAppCertificate))).toMatchObject({
      app: 'staging',
      signatureValid: true,
      certificate: 'previous',
    });
    expect(await inspect(issuedWith('55555555555555555555555555555555'))).toMatchObject({
      signatureValid: false,
      certificate: null,
    });
    // a caller granted only the default app inspects against it: another app's token does not verify
    const plain = await ask(h, 'plain', '/v1/tokens/inspect', { token: issuedWith(STAGING.appCertificate) });
    expect(plain.body).toMatchObject({ app: 'prod', appIdMatches: false, signatureValid: false });
  });
});

describe('policy properties: an identity never gets a product or an app it was not granted', () => {
  const PRODUCT_ROUTES = {
    rtc: ['/v1/tokens/rtc', { channel: 'c', uid: 3 }],
    rtm: ['/v1/tokens/rtm', { userId: 'u' }],
    chat: ['/v1/tokens/chat', { userId: 'u' }],
    rtm2: ['/v1/tokens/rtm2', { userId: 'u' }],
    convoai: ['/v1/tokens/convoai', { channel: 'c', uid: 3 }],
    stt: ['/v1/tokens/stt', { channel: 'c', uid: 3 }],
    apaas: ['/v1/tokens/apaas', { kind: 'user', userUuid: 'u' }],
    fpa: ['/v1/tokens/fpa', {}],
  } as const;
  const PRODUCTS = Object.keys(PRODUCT_ROUTES) as (keyof typeof PRODUCT_ROUTES)[];
  const APP_NAMES = ['prod', 'staging', 'dev', 'qa'];
  const grantList = (items: readonly string[], extra: string[] = ['*', 'st*']) =>
    fc.option(fc.subarray([...items, ...extra]), { nil: undefined });
  const GATEWAY_ENV = {
    AUTH_MODE: 'gateway',
    JWT_PRODUCTS_CLAIM: 'products',
    JWT_APPS_CLAIM: 'apps',
    AGENT_TOKEN_CLAIM: 'agent',
    AGORA_DEFAULT_APP: 'prod',
  };
  const gw = harness(GATEWAY_ENV, { credentials: staticCredentials(APPS) });
  const policy = loadConfig(GATEWAY_ENV).policy;

  const matches = (grant: readonly string[], name: string) =>
    grant.some((g) => g === '*' || g === name || (g === 'st*' && name.startsWith('st')));

  it('through JWT claims (gateway) and API-key scopes alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        // scopes take product names or `*`; claims any glob
        grantList(PRODUCTS, ['*']),
        grantList(APP_NAMES),
        fc.constantFrom(...PRODUCTS),
        fc.option(fc.constantFrom(...APP_NAMES), { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        async (products, apps, product, appName, viaKey, agentClaim) => {
          const [path, base] = PRODUCT_ROUTES[product];
          const body = appName === undefined ? base : { ...base, app: appName };
          let res: Response;
          if (viaKey) {
            const scope: Record<string, unknown> = {};
            if (products) scope['products'] = products;
            if (apps) scope['apps'] = apps;
            const h = harness(
              {
                AUTH_MODE: 'api-key',
                API_KEY_HASHES: sha(KEYS.ops),
                API_KEY_SCOPES: JSON.stringify({ [sha(KEYS.ops)]: scope }),
                AGORA_DEFAULT_APP: 'prod',
              },
              { credentials: staticCredentials(APPS) },
            );
            res = await h.post(path, body, { 'x-api-key': KEYS.ops });
          } else {
            const claims: Record<string, unknown> = { sub: 'someone' };
            if (products) claims['products'] = JSON.stringify(products);
            if (apps) claims['apps'] = JSON.stringify(apps);
            if (agentClaim) claims['agent'] = true;
            const identity: GatewayIdentity = { sub: 'someone', claims };
            res = await gw.post(path, body, {}, identity);
          }
          // an agent token (an RTC + RTM token for any uid) also needs AGENT_TOKEN_CLAIM from a JWT identity
          const agentGranted = viaKey || agentClaim || (product !== 'convoai' && product !== 'stt');
          const productGranted =
            (products ? matches(products, product) : ['rtc', 'rtm', 'chat'].includes(product)) &&
            agentGranted;
          const target = appName ?? 'prod';
          const appGranted = apps ? matches(apps, target) : target === 'prod';
          const answer = await res.text();
          if (res.status === 200) {
            expect(productGranted && appGranted, `${res.status} ${answer}`).toBe(true);
            const token = (JSON.parse(answer) as { token: string }).token;
            expect(decodeToken(token).appId).toBe(APPS.apps[target as 'prod'].appId);
          } else {
            expect(answer).not.toMatch(/00[67][A-Za-z0-9+/=]{40,}/);
            // refused: because a grant is missing, or (granted) the app does not exist
            if (productGranted && appGranted) expect(target).toBe('qa');
          }
          if (!productGranted || !appGranted) expect([403]).toContain(res.status);
        },
      ),
      { numRuns: 150 },
    );
    expect(policy.productsClaim).toBe('products');
  });
});
