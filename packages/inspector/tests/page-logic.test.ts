// The page's pure parts, in Node: what it shows of real tokens, the intent a form describes, the share
// link's fragment, and the times.
import {
  buildChatAppToken,
  buildRtcToken,
  buildRtmToken,
  DEMO_CREDENTIALS,
  decodeToken,
  diagnoseToken,
} from '@tokenfn/core';
import { RtcTokenBuilder as Legacy006 } from '@tokenfn/core/legacy';
import { describe, expect, it } from 'vitest';
import { describeToken, packedUid } from '../src/page/describe.js';
import { EMPTY_FORM, intentFrom, readFragment, shareFragment } from '../src/page/state.js';
import { duration, relative } from '../src/page/time.js';

const ISSUED = 1_780_000_000;
const at = { issueTs: ISSUED, salt: 7 };

describe('describeToken', () => {
  it('shows a 007 RTC token: services, privileges by name with their expiry, the uid as packed', () => {
    const token = buildRtcToken(
      DEMO_CREDENTIALS,
      { channel: 'Demo', uid: 42, role: 'publisher', expiresIn: 3600, privileges: { publishVideo: 600 } },
      at,
    );
    const view = describeToken(decodeToken(token));
    const summary = Object.fromEntries(view.summary.map((r) => [r.label, r]));
    expect(summary['version']?.value).toBe('007 (AccessToken2)');
    expect(summary['App ID']?.value).toBe(JSON.stringify(DEMO_CREDENTIALS.appId));
    expect(summary['issued']).toEqual({ label: 'issued', value: '2026-05-28T20:26:40Z', at: ISSUED });
    expect(summary['expires']?.at).toBe(ISSUED + 3600);
    expect(summary['services']?.value).toBe('RTC');
    const [rtc] = view.services;
    expect(rtc?.title).toBe('RTC (service 1)');
    const rows = Object.fromEntries(rtc!.rows.map((r) => [r.label, r]));
    expect(rows['channel']?.value).toBe('"Demo"');
    expect(rows['uid']?.value).toMatch(/^"42" \(numeric uid 42/);
    expect(rows['join channel']?.at).toBe(ISSUED + 3600);
    expect(rows['publish video']).toMatchObject({
      at: ISSUED + 600,
      value: expect.stringContaining('600 s'),
    });
    expect(rows['publish audio']?.at).toBe(ISSUED + 3600);
  });

  it('names a user account, uid 0, RTM and a Chat app token', () => {
    expect(packedUid('alice').label).toBe('user account');
    expect(packedUid('').value).toMatch(/any user/);
    const rtm = describeToken(
      decodeToken(buildRtmToken(DEMO_CREDENTIALS, { userId: 'u 1', expiresIn: 60 }, at)),
    );
    expect(rtm.services[0]?.rows).toContainEqual({ label: 'user id', value: '"u 1"' });
    expect(rtm.services[0]?.rows.map((r) => r.label)).toContain('login');
    const chat = describeToken(decodeToken(buildChatAppToken(DEMO_CREDENTIALS, { expiresIn: 60 }, at)));
    expect(chat.services[0]?.title).toBe('Chat (service 5)');
    expect(chat.services[0]?.rows.map((r) => r.label)).toContain('app');
  });

  it('shows a 006 token: absolute privilege times and the CRC-32 of channel and uid', () => {
    const token = Legacy006.buildTokenWithUid(
      DEMO_CREDENTIALS.appId,
      DEMO_CREDENTIALS.appCertificate,
      'demo',
      7,
      2,
      ISSUED + 600,
    );
    const view = describeToken(decodeToken(token));
    expect(view.summary[0]?.value).toBe('006 (AccessToken, legacy)');
    expect(view.summary.find((r) => r.label === 'channel CRC-32')?.value).toMatch(/^0x[0-9a-f]{8}$/);
    expect(view.services[0]?.rows).toContainEqual({
      label: 'join channel',
      value: 'until 2026-05-28T20:36:40Z',
      at: ISSUED + 600,
    });
  });
});

describe('the form', () => {
  it('turns RTC fields into the intent diagnoseToken takes', () => {
    const form = {
      ...EMPTY_FORM,
      product: 'rtc' as const,
      channel: 'demo',
      uid: ' 42 ',
      role: 'publisher' as const,
    };
    expect(intentFrom(form)).toEqual({
      intent: { product: 'rtc', channel: 'demo', uid: 42, publish: true },
      errors: [],
    });
    expect(intentFrom({ ...form, uidKind: 'account', uid: '42', role: 'subscriber' }).intent).toEqual({
      product: 'rtc',
      channel: 'demo',
      account: '42',
      publish: false,
    });
    expect(intentFrom({ ...EMPTY_FORM, product: 'rtm', userId: 'u' }).intent).toEqual({
      product: 'rtm',
      userId: 'u',
    });
    expect(intentFrom(EMPTY_FORM)).toEqual({ errors: [] });
  });

  it('says which field is wrong instead of guessing: a uid that is not a u32', () => {
    for (const uid of ['abc', '-1', '4294967296', '1.5']) {
      const { intent, errors } = intentFrom({ ...EMPTY_FORM, product: 'rtc', uid });
      expect(intent).toBeUndefined();
      expect(errors).toEqual([{ field: 'uid', message: 'a uid is a whole number from 0 to 4294967295' }]);
    }
  });

  it('puts the token and the intent in the fragment and reads them back; unknown keys and values are dropped', () => {
    const token = buildRtcToken(
      DEMO_CREDENTIALS,
      { channel: 'a b&c', uid: 1, role: 'subscriber', expiresIn: 60 },
      at,
    );
    const form = { ...EMPTY_FORM, token: `${token}\n`, product: 'rtc' as const, channel: 'a b&c', uid: '1' };
    const fragment = shareFragment(form);
    expect(fragment.startsWith('#token=007')).toBe(true);
    expect(readFragment(fragment)).toEqual({ token, product: 'rtc', channel: 'a b&c', uid: '1' });
    expect(readFragment('#product=evil&certificate=abc&role=publisher')).toEqual({ role: 'publisher' });
  });
});

describe('times', () => {
  it('counts to the second under an hour, in two units above', () => {
    expect(duration(45)).toBe('45 s');
    expect(duration(3599)).toBe('59 min 59 s');
    expect(duration(7500)).toBe('2 h 5 min');
    expect(duration(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(relative(ISSUED + 61, ISSUED)).toBe('in 1 min 1 s');
    expect(relative(ISSUED - 3600, ISSUED)).toBe('1 h ago');
    expect(relative(ISSUED, ISSUED)).toBe('now');
  });
});

describe('the findings the page shows come from diagnoseToken', () => {
  it('a subscriber token for another case of the channel, joined to publish', () => {
    const token = buildRtcToken(
      DEMO_CREDENTIALS,
      { channel: 'Demo', uid: 42, role: 'subscriber', expiresIn: 600 },
      at,
    );
    const { intent } = intentFrom({
      ...EMPTY_FORM,
      product: 'rtc',
      channel: 'demo',
      uid: '42',
      role: 'publisher',
    });
    const codes = diagnoseToken(token, intent, { now: ISSUED + 10 }).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['CHANNEL_CASE_MISMATCH', 'NO_PUBLISH_PRIVILEGE']));
  });
});
