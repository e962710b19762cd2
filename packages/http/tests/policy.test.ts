// Policy rules on verified claims (exercised through AUTH_MODE=gateway, where claims come from the adapter).

import { expectCleanLogs, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { decodeToken } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Identity } from '../src/identity.js';
import type { GatewayIdentity } from '../src/index.js';
import {
  checkChannel,
  checkPublish,
  claimBoolean,
  claimGrants,
  globMatch,
  PolicyDenial,
} from '../src/policy.js';
import { harness } from './support/app-harness.js';

const logs = new LogCapture();
const secrets = new SecretSet();
afterAll(() => expectCleanLogs(logs.lines, secrets));

const POLICY_ENV = {
  AUTH_MODE: 'gateway',
  JWT_UID_CLAIM: 'agora_uid',
  JWT_CHANNELS_CLAIM: 'channels',
  JWT_PUBLISH_CLAIM: 'can_publish',
  CHAT_APP_CLAIM: 'chat_admin',
  COMPAT_ROUTES: 'agora-token-service',
};
const h = harness(POLICY_ENV, { logs });
const id = (claims: Record<string, unknown>): GatewayIdentity => ({ claims: { sub: 's-1', ...claims } });

async function reason(res: Response): Promise<string> {
  expect(res.status).toBe(403);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body['code']).toBe('ERR_FORBIDDEN');
  expect(typeof body['detail']).toBe('string');
  return body['reason'] as string;
}

async function ok(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  secrets.addTokensFrom(body);
  return body;
}

describe('JWT_UID_CLAIM', () => {
  it('defaults the user to the claim: a number is a uid, a string an account', async () => {
    const numeric = await ok(
      await h.post('/v1/tokens/rtc', { channel: 'a' }, {}, id({ agora_uid: 1001, channels: '*' })),
    );
    expect(numeric).toMatchObject({ uid: 1001 });
    const named = await ok(
      await h.post('/v1/tokens/rtc', { channel: 'a' }, {}, id({ agora_uid: 'alice', channels: '*' })),
    );
    expect(named).toMatchObject({ account: 'alice' });
    // API Gateway passes claims as strings: decimal digits are a uid, other strings an account
    const rtcAs = async (claim: string) =>
      ok(await h.post('/v1/tokens/rtc', { channel: 'a' }, {}, id({ agora_uid: claim, channels: '*' })));
    expect(await rtcAs('1001')).toMatchObject({ uid: 1001 });
    expect(await rtcAs('4294967296')).toMatchObject({ account: '4294967296' });
    expect(await rtcAs('007')).toMatchObject({ account: '007' });
    const rtm = await ok(await h.post('/v1/tokens/rtm', {}, {}, id({ agora_uid: 'alice' })));
    expect(rtm['userId']).toBe('alice');
    const numericRtm = await ok(await h.post('/v1/tokens/rtm', {}, {}, id({ agora_uid: 1001 })));
    expect(numericRtm['userId']).toBe('1001');
  });

  it('a uid, account or userId other than the claim is a 403 uid_mismatch; the same one passes', async () => {
    const who = id({ agora_uid: 1001, channels: '*' });
    expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'a', uid: 1002 }, {}, who))).toBe(
      'uid_mismatch',
    );
    expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'a', uid: 0 }, {}, who))).toBe(
      'uid_mismatch',
    );
    expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'a', account: 'x' }, {}, who))).toBe(
      'uid_mismatch',
    );
    expect(await reason(await h.post('/v1/tokens/rtm', { userId: 'x' }, {}, who))).toBe('uid_mismatch');
    expect(await reason(await h.post('/v1/tokens/chat', { userId: 'x' }, {}, who))).toBe('uid_mismatch');
    expect(
      await reason(
        await h.post(
          '/v1/tokens/rtc',
          { channel: 'a', uid: 5, rtm: { userId: 'x' } },
          {},
          id({ agora_uid: 5, channels: '*' }),
        ),
      ),
    ).toBe('uid_mismatch');
    await ok(await h.post('/v1/tokens/rtc', { channel: 'a', uid: 1001 }, {}, who));
    await ok(await h.post('/v1/tokens/rtm', { userId: '1001' }, {}, who));
    // compat routes obey the same binding
    expect(await reason(await h.call('/rtm/other', {}, who))).toBe('uid_mismatch');
    await ok(await h.call('/rtm/1001', {}, who));
  });

  it('an identity bound to uid 0 never gets a token for any uid (uid 0 is the wildcard)', async () => {
    for (const agora_uid of [0, '0']) {
      const who = id({ agora_uid, channels: '*' });
      for (const body of [{ channel: 'a' }, { channel: 'a', uid: 0 }, { channel: 'a', role: 'subscriber' }]) {
        expect(await reason(await h.post('/v1/tokens/rtc', body, {}, who))).toBe('uid_claim_wildcard');
      }
      expect(await reason(await h.call('/rtc/a/subscriber/uid/0', {}, who))).toBe('uid_claim_wildcard');
      expect(
        await reason(await h.post('/getToken', { tokenType: 'rtc', channel: 'a', uid: '0' }, {}, who)),
      ).toBe('uid_claim_wildcard');
    }
  });

  it('a numeric claim above the largest uid is no usable claim: 403, not a 400 on a field never sent', async () => {
    const who = id({ agora_uid: 2 ** 32, channels: '*' });
    const res = await h.post('/v1/tokens/rtc', { channel: 'a' }, {}, who);
    expect(res.status).toBe(403);
    expect(await reason(res)).toBe('uid_claim_missing');
  });

  it('an identity without the claim is refused', async () => {
    expect(await reason(await h.post('/v1/tokens/rtm', { userId: 'x' }, {}, id({})))).toBe(
      'uid_claim_missing',
    );
    expect(await reason(await h.post('/v1/tokens/rtm', {}, {}, id({ agora_uid: true })))).toBe(
      'uid_claim_missing',
    );
  });
});

describe('JWT_CHANNELS_CLAIM', () => {
  it('allows names and * globs, from an array or a JSON-encoded array', async () => {
    for (const channels of [['team-*', 'lobby'], '["team-*","lobby"]', ' ["team-*", "lobby"] ']) {
      const who = id({ agora_uid: 1, channels });
      await ok(await h.post('/v1/tokens/rtc', { channel: 'team-red' }, {}, who));
      await ok(await h.post('/v1/tokens/rtc', { channel: 'lobby' }, {}, who));
      expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'lobby2' }, {}, who))).toBe(
        'channel_not_allowed',
      );
      expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'xteam-red' }, {}, who))).toBe(
        'channel_not_allowed',
      );
    }
  });
  it('no claim, no channel', async () => {
    expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'a' }, {}, id({ agora_uid: 1 })))).toBe(
      'channels_claim_missing',
    );
    expect(await reason(await h.call('/rtc/a/subscriber/uid/1', {}, id({ agora_uid: 1 })))).toBe(
      'channels_claim_missing',
    );
  });
});

describe('JWT_PUBLISH_CLAIM', () => {
  it('publisher needs the claim: true for all channels, or a list of channel globs', async () => {
    const body = { channel: 'stage-1', role: 'publisher' };
    expect(await reason(await h.post('/v1/tokens/rtc', body, {}, id({ agora_uid: 1, channels: '*' })))).toBe(
      'publish_not_allowed',
    );
    expect(
      await reason(
        await h.post('/v1/tokens/rtc', body, {}, id({ agora_uid: 1, channels: '*', can_publish: false })),
      ),
    ).toBe('publish_not_allowed');
    const yes = await ok(
      await h.post('/v1/tokens/rtc', body, {}, id({ agora_uid: 1, channels: '*', can_publish: true })),
    );
    const d = decodeToken(yes['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(Object.keys(d.services[0]!.privileges)).toEqual(['1', '2', '3', '4']);
    await ok(
      await h.post('/v1/tokens/rtc', body, {}, id({ agora_uid: 1, channels: '*', can_publish: 'true' })),
    );
    await ok(
      await h.post('/v1/tokens/rtc', body, {}, id({ agora_uid: 1, channels: '*', can_publish: ['stage-*'] })),
    );
    expect(
      await reason(
        await h.post(
          '/v1/tokens/rtc',
          { channel: 'other', role: 'publisher' },
          {},
          id({ agora_uid: 1, channels: '*', can_publish: ['stage-*'] }),
        ),
      ),
    ).toBe('publish_not_allowed');
    // subscribers need no claim
    await ok(await h.post('/v1/tokens/rtc', { channel: 'stage-1' }, {}, id({ agora_uid: 1, channels: '*' })));
  });
});

describe('chat app tokens', () => {
  it('only with CHAT_APP_CLAIM true for claim-bearing identities', async () => {
    expect(await reason(await h.post('/v1/tokens/chat', {}, {}, id({ agora_uid: 1 })))).toBe(
      'chat_app_not_allowed',
    );
    expect(
      await reason(await h.post('/v1/tokens/chat', {}, {}, id({ agora_uid: 1, chat_admin: 'yes' }))),
    ).toBe('chat_app_not_allowed');
    expect(await reason(await h.call('/chat/app', {}, id({ agora_uid: 1 })))).toBe('chat_app_not_allowed');
    await ok(await h.post('/v1/tokens/chat', {}, {}, id({ agora_uid: 1, chat_admin: true })));
  });
  it('never for a gateway identity when CHAT_APP_CLAIM is not configured', async () => {
    const plain = harness({ AUTH_MODE: 'gateway' }, { logs });
    expect(await reason(await plain.post('/v1/tokens/chat', {}, {}, id({ chat_admin: true })))).toBe(
      'chat_app_not_allowed',
    );
    await ok(await plain.post('/v1/tokens/chat', { userId: 'u' }, {}, id({})));
  });
});

describe('expiresIn', () => {
  it('defaults to DEFAULT_EXPIRES_IN; above MAX_EXPIRES_IN is a 400, also on compat routes', async () => {
    const x = harness(
      {
        AUTH_MODE: 'gateway',
        DEFAULT_EXPIRES_IN: '120',
        MAX_EXPIRES_IN: '300',
        COMPAT_ROUTES: 'agora-token-service',
      },
      { logs },
    );
    const body = await ok(await x.post('/v1/tokens/rtm', { userId: 'u' }, {}, id({})));
    expect((body['expiresAt'] as number) - (body['issuedAt'] as number)).toBe(120);
    expect((await x.post('/v1/tokens/rtm', { userId: 'u', expiresIn: 301 }, {}, id({}))).status).toBe(400);
    expect((await x.call('/rtm/u?expiry=301', {}, id({}))).status).toBe(400);
    expect((await x.call('/rtm/u?expiry=300', {}, id({}))).status).toBe(200);
  });
});

describe('glob and claim helpers', () => {
  it('globMatch', () => {
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('a*c', 'abbbc')).toBe(true);
    expect(globMatch('a*c', 'abbbd')).toBe(false);
    expect(globMatch('a.c', 'abc')).toBe(false); // regex characters are literal
    expect(globMatch('(x)+', '(x)+')).toBe(true);
    expect(globMatch('[a]', 'a')).toBe(false);
  });
  it('globMatch agrees with a reference matcher on small inputs', () => {
    // reference: the pattern as an anchored RegExp (fine on inputs this small)
    const reference = (pattern: string, value: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        's',
      ).test(value);
    const text = (n: number) => fc.string({ unit: fc.constantFrom('a', 'b', '*', '.', '['), maxLength: n });
    fc.assert(
      fc.property(text(8), text(10), (pattern, value) => {
        expect(globMatch(pattern, value)).toBe(reference(pattern, value));
      }),
      { numRuns: 3000 },
    );
  });
  it('a pattern full of stars cannot stall the process (no backtracking blow-up)', async () => {
    // With a RegExp (.*a.*a.*…b) this match backtracks for minutes and blocks the event loop.
    const evil = `${'*a'.repeat(15)}*b`;
    expect(globMatch(evil, 'a'.repeat(63))).toBe(false);
    const who = id({ agora_uid: 1, channels: [evil] });
    expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'a'.repeat(63) }, {}, who))).toBe(
      'channel_not_allowed',
    );
    expect(
      await reason(
        await h.post(
          '/v1/tokens/rtc',
          { channel: 'a'.repeat(62), role: 'publisher' },
          {},
          id({ agora_uid: 1, channels: ['*'], can_publish: [evil] }),
        ),
      ),
    ).toBe('publish_not_allowed');
  });
  it('claimGrants: arrays and JSON arrays exactly, one bare or bracketed item, anything split is ambiguous', () => {
    expect(claimGrants(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(claimGrants('["vip *","b"]')).toEqual(['vip *', 'b']);
    expect(claimGrants('team-*')).toEqual(['team-*']);
    expect(claimGrants('[team-*]')).toEqual(['team-*']);
    expect(claimGrants('[vip *]')).toBe('ambiguous');
    expect(claimGrants('[team a*]')).toBe('ambiguous');
    expect(claimGrants('a,b')).toBe('ambiguous');
    expect(claimGrants('[]')).toEqual([]);
    expect(claimGrants(5)).toEqual([]);
  });
  it('a flattened claim that cannot be split safely is refused with its own reason', async () => {
    // API Gateway hands ["vip *"] over as "[vip *]": read as "vip" and "*", it granted every channel.
    for (const channels of ['[vip *]', '[team a*]', 'vip *', 'team-*,lobby']) {
      const who = id({ agora_uid: 1, channels });
      expect(await reason(await h.post('/v1/tokens/rtc', { channel: 'payroll' }, {}, who))).toBe(
        'claim_ambiguous',
      );
    }
    const publisher = id({ agora_uid: 1, channels: ['*'], can_publish: '[vip *]' });
    expect(
      await reason(await h.post('/v1/tokens/rtc', { channel: 'payroll', role: 'publisher' }, {}, publisher)),
    ).toBe('claim_ambiguous');
  });
  it('"false" is false: a publish claim given as the string "false" never grants publishing', async () => {
    expect(claimBoolean('false')).toBe(false);
    expect(claimBoolean('true')).toBe(true);
    expect(claimBoolean('[false]')).toBeUndefined();
    const who = id({ agora_uid: 1, channels: ['*'], can_publish: 'false' });
    expect(
      await reason(await h.post('/v1/tokens/rtc', { channel: 'false', role: 'publisher' }, {}, who)),
    ).toBe('publish_not_allowed');
  });
});

describe('property: a claim-bearing identity only ever gets tokens its claims allow', () => {
  // reference glob: an anchored RegExp (fine for these short inputs)
  const globRef = (p: string, v: string) =>
    new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    ).test(v);
  // What the identity provider issued, as the reference reads it: an array's strings, one bare name; a
  // string that would need splitting grants nothing.
  const listOf = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : typeof v === 'string' && !/[\s,]/.test(v)
        ? [v]
        : [];
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const glob = fc.constantFrom('a', 'ab', 'a*', '*', 'b*', '*b', 'x');
  const claims = fc.record({
    agora_uid: opt(fc.constantFrom<unknown>(0, '0', 7, '7', 'alice', '', true, -1, 1.5)),
    channels: opt(
      fc.oneof(
        { arbitrary: fc.constant(['*']), weight: 3 },
        { arbitrary: fc.array(glob, { maxLength: 3 }), weight: 2 },
        { arbitrary: glob, weight: 1 },
        { arbitrary: fc.constantFrom<unknown>('a b', 5), weight: 1 },
      ),
    ),
    can_publish: opt(
      fc.oneof(fc.constantFrom<unknown>(true, 'true', false, 'false', 1), fc.array(glob, { maxLength: 2 })),
    ),
    chat_admin: opt(fc.constantFrom<unknown>(true, 'true', false, 'yes')),
  });
  const half = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
  const rtcBody = fc.record({
    channel: fc.constantFrom('a', 'ab', 'b', 'xa'),
    uid: half(fc.constantFrom(0, 1, 7)),
    account: half(fc.constantFrom('alice', '7', 'bob')),
    role: half(fc.constantFrom('publisher', 'subscriber')),
    privileges: half(fc.constantFrom({ join: 5 }, { publishAudio: 0 }, { publishData: 10, join: 10 })),
    rtm: half(
      fc.constantFrom<true | { userId: string }>(
        true,
        { userId: 'alice' },
        { userId: '7' },
        { userId: 'bob' },
      ),
    ),
  });
  const userBody = fc.record({ userId: half(fc.constantFrom('alice', '7', '0', 'bob')) });
  const request = fc.oneof(
    { arbitrary: rtcBody.map((b) => ['/v1/tokens/rtc', b] as const), weight: 4 },
    { arbitrary: userBody.map((b) => ['/v1/tokens/rtm', b] as const), weight: 1 },
    { arbitrary: userBody.map((b) => ['/v1/tokens/chat', b] as const), weight: 1 },
  );

  it('uid/account/userId are the claim, channels match the claim, publishing and chat app need their claims', async () => {
    const local = new LogCapture();
    const x = harness(POLICY_ENV, { logs: local });
    await fc.assert(
      fc.asyncProperty(claims, request, async (c, [path, body]) => {
        const clean = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
        const res = await x.post(path, body, {}, id(clean));
        expect(res.status).toBeLessThan(500);
        if (res.status !== 200) return;
        const out = (await res.json()) as Record<string, unknown>;
        secrets.addTokensFrom(out);
        const claim = c.agora_uid;
        // a token for a user needs a bound identity: a non-empty string or a non-negative integer
        const bound =
          typeof claim === 'string' ? claim !== '' : Number.isInteger(claim) && (claim as number) >= 0;
        const d = decodeToken(out['token'] as string);
        if (d.version !== '007') throw new Error('expected a 007 token');
        for (const s of d.services) {
          if (s.name === 'rtc') {
            expect(bound).toBe(true);
            expect(s.uid).toBe(String(claim));
            expect(s.uid).not.toBe('');
            expect(listOf(c.channels).some((g) => globRef(g, s.channelName))).toBe(true);
            const publishes = [2, 3, 4].some((p) => p in s.privileges);
            if (publishes) {
              const p = c.can_publish;
              expect(p === true || p === 'true' || listOf(p).some((g) => globRef(g, s.channelName))).toBe(
                true,
              );
            }
          } else if (s.name === 'rtm' || s.name === 'chat') {
            if (s.name === 'chat' && s.userId === '') {
              expect(c.chat_admin === true || c.chat_admin === 'true').toBe(true);
            } else {
              expect(bound).toBe(true);
              expect(s.userId).toBe(String(claim));
            }
          } else {
            throw new Error(`unexpected service ${s.name}`);
          }
        }
      }),
      { numRuns: 2000 },
    );
    expectCleanLogs(local.lines, secrets);
  });
});

describe('property: a flattened grant is never broader than the array the identity provider issued', () => {
  const piece = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '*'), minLength: 1, maxLength: 4 });
  const channel = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ','), minLength: 1, maxLength: 5 });
  const who = (claim: unknown): Identity => ({
    mode: 'gateway',
    rateLimitKey: 'gateway:p',
    claims: { channels: claim, publish: claim },
  });
  const allowed = (check: () => void) => {
    try {
      check();
      return true;
    } catch (error) {
      if (error instanceof PolicyDenial) return false;
      throw error;
    }
  };
  it('API Gateway style "[a b]", comma-joined and JSON-encoded forms allow only what the array allows', () => {
    const policy = { channelsClaim: 'channels', publishClaim: 'publish' };
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 3 }), channel, (issued, ch) => {
        const byIdp = issued.some((p) => globMatch(p, ch));
        for (const form of [
          `[${issued.join(' ')}]`,
          issued.join(','),
          issued.join(' '),
          JSON.stringify(issued),
        ]) {
          if (allowed(() => checkChannel(who(form), policy, ch))) expect(byIdp, form).toBe(true);
          if (allowed(() => checkPublish(who(form), policy, ch))) expect(byIdp, form).toBe(true);
        }
        expect(allowed(() => checkChannel(who(JSON.stringify(issued)), policy, ch))).toBe(byIdp);
      }),
      { numRuns: 2000 },
    );
  });
});
