// The page in a real browser (Debian's Chromium through playwright-core), served by a static host on
// loopback that sends no headers, so the CSP <meta> tag alone guards it: tokens built by @tokenfn/core are
// pasted, and the page must show what diagnoseToken finds, check a certificate without it leaving the page,
// make a share link that carries the token only in the fragment, and make no request of its own.
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '@tokenfn/browser-testing';
import { buildRtcToken, DEMO_CREDENTIALS, type DiagnosisIntent, diagnoseToken } from '@tokenfn/core';
import { RtcTokenBuilder as Legacy006 } from '@tokenfn/core/legacy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInspectorSite } from '../src/site.js';
import { type StaticHost, serveSite } from './static-host.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type BrowserContext = Awaited<ReturnType<Browser['newContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

/** An element's text as rendered: what a reader sees (CSS letter case, line breaks between blocks). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what these tests check
const rendered = (e: Element) => (e as HTMLElement).innerText;

const ISSUED = 1_780_000_000;
const OTHER_CERTIFICATE = '0123456789abcdef0123456789abcdef';
const SCREENSHOT = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));

let host: StaticHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  host = await serveSite(await buildInspectorSite());
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await host?.close();
});

interface Opened {
  page: Page;
  /** Every URL the browser requested for this page, from the browser's own request log. */
  requests: string[];
  /** Requests the browser gave up on, with its reason (a CSP block is one). */
  failed: Map<string, string>;
  /** Uncaught errors and console errors. */
  errors: string[];
}

/** A fresh browser context on the page, its clock stopped at `clock` (unix seconds) when given. */
async function open(
  o: { hash?: string; clock?: number; viewport?: { width: number; height: number } } = {},
): Promise<Opened> {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1000, height: 900 } });
  contexts.push(context);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const failed = new Map<string, string>();
  context.on('requestfailed', (r) => failed.set(r.url(), r.failure()?.errorText ?? ''));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // The page's clock starts a minute early and stops at `clock` once the page is up: times are exact, and
  // the page ticks only when a test runs the clock on.
  if (o.clock !== undefined) await page.clock.install({ time: (o.clock - 60) * 1000 });
  await page.goto(host.url + (o.hash ?? ''));
  await page.locator('#token').waitFor();
  if (o.clock !== undefined) await page.clock.pauseAt(o.clock * 1000);
  return { page, requests, failed, errors };
}

const codes = (page: Page) =>
  page.locator('#findings li').evaluateAll((li) => li.map((l) => l.getAttribute('data-code')));

const rtc = (p: Partial<Parameters<typeof buildRtcToken>[1]>, issueTs = ISSUED) =>
  buildRtcToken(
    DEMO_CREDENTIALS,
    { channel: 'Demo', uid: 42, role: 'publisher', expiresIn: 3600, ...p } as Parameters<
      typeof buildRtcToken
    >[1],
    { issueTs, salt: 12345 },
  );

async function fillIntent(
  page: Page,
  f: { product: string; channel?: string; uidKind?: string; uid?: string; role?: string; userId?: string },
) {
  await page.selectOption('#product', f.product);
  if (f.channel !== undefined) await page.fill('#channel', f.channel);
  if (f.uidKind !== undefined) await page.selectOption('#uidKind', f.uidKind);
  if (f.uid !== undefined) await page.fill('#uid', f.uid);
  if (f.role !== undefined) await page.selectOption('#role', f.role);
  if (f.userId !== undefined) await page.fill('#userId', f.userId);
}

/** The same-origin files of the page: all the browser may ever ask for. */
function pageFiles(): string[] {
  return [host.url, `${host.url}inspector.css`, `${host.url}inspector.js`];
}

describe('the inspector page', () => {
  it('decodes a pasted 007 token: services, privileges by name with their expiry, uid as packed, ticking times', async () => {
    const { page, errors } = await open({ clock: ISSUED + 10 });
    await page.fill('#token', rtc({ privileges: { publishVideo: 600 } }));
    const contents = page.locator('#contents');
    await expect.poll(() => contents.evaluate(rendered)).toContain('RTC (service 1)');
    const text = await contents.evaluate(rendered);
    for (const expected of [
      '007 (AccessToken2)',
      '"Demo"',
      'numeric uid 42',
      'join channel',
      'publish audio',
      'publish data',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('2026-05-28T20:26:40Z · 10 s ago');
    expect(text).toMatch(/publish video\s+until 2026-05-28T20:36:40Z \(600 s after issue\) · in 9 min 50 s/);
    const expires = page.locator('dd', { hasText: '3600 s after issue' }).first().locator('.rel');
    expect(await expires.evaluate(rendered)).toBe(' · in 59 min 50 s');
    await page.clock.runFor(5000);
    await expect.poll(() => expires.evaluate(rendered)).toBe(' · in 59 min 45 s');
    expect(await page.locator('#token-status').evaluate(rendered)).toBe('A 007 token.');
    expect(errors).toEqual([]);
  });

  it('diagnoses again as time passes: about to expire, then expired, with no input', async () => {
    const { page, errors } = await open({ clock: ISSUED + 10 });
    await page.fill('#token', rtc({ expiresIn: 90 }));
    await fillIntent(page, { product: 'rtc', channel: 'Demo', uidKind: 'uid', uid: '42', role: 'publisher' });
    await expect
      .poll(() => page.locator('#findings-summary').evaluate(rendered))
      .toMatch(/^No problem found/);
    expect(await codes(page)).not.toContain('EXPIRES_SOON');
    await page.clock.runFor(30_000); // 50 s left
    await expect.poll(() => codes(page)).toContain('EXPIRES_SOON');
    await page.clock.runFor(60_000); // 10 s past expiry
    await expect.poll(() => codes(page)).toContain('TOKEN_EXPIRED');
    expect(await page.locator('#findings-summary').evaluate(rendered)).toMatch(
      /^1 problem: Agora will refuse/,
    );
    expect(errors).toEqual([]);
  });

  it('shows the findings for what the app does, worst first, exactly those of diagnoseToken', async () => {
    const now = ISSUED + 10;
    const { page, errors } = await open({ clock: now });
    const cases: Array<{
      token: string;
      form: Parameters<typeof fillIntent>[1];
      intent: DiagnosisIntent;
      expected: string[];
    }> = [
      {
        token: rtc({ role: 'subscriber' }),
        form: { product: 'rtc', channel: 'demo', uidKind: 'uid', uid: '42', role: 'publisher' },
        intent: { product: 'rtc', channel: 'demo', uid: 42, publish: true },
        expected: ['CHANNEL_CASE_MISMATCH', 'NO_PUBLISH_PRIVILEGE'],
      },
      {
        token: rtc({ uid: undefined, account: '42x' }),
        form: { product: 'rtc', channel: 'Demo', uidKind: 'uid', uid: '42', role: '' },
        intent: { product: 'rtc', channel: 'Demo', uid: 42 },
        expected: ['UID_TYPE_ACCOUNT_VS_UID'],
      },
      {
        token: rtc({ expiresIn: 60 }, ISSUED - 3600),
        form: { product: 'rtc', channel: 'Demo', uidKind: 'uid', uid: '42', role: '' },
        intent: { product: 'rtc', channel: 'Demo', uid: 42 },
        expected: ['TOKEN_EXPIRED'],
      },
      {
        token: rtc({}),
        form: { product: 'rtm', userId: '42' },
        intent: { product: 'rtm', userId: '42' },
        expected: ['WRONG_PRODUCT'],
      },
    ];
    for (const c of cases) {
      await page.fill('#token', c.token);
      await fillIntent(page, c.form);
      const want = diagnoseToken(c.token, c.intent, { now }).findings;
      await expect.poll(() => codes(page)).toEqual(want.map((f) => f.code));
      expect(want.map((f) => f.code)).toEqual(expect.arrayContaining(c.expected));
      // worst first, and each finding with its message and fix
      const severities = await page.locator('#findings li .severity').allInnerTexts();
      expect(severities.map((s) => s.toLowerCase())).toEqual(want.map((f) => f.severity));
      expect(await page.locator('#findings li').first().evaluate(rendered)).toContain(want[0]!.message);
      if (want[0]!.fix)
        expect(await page.locator('#findings li .fix').first().evaluate(rendered)).toContain(want[0]!.fix);
      expect(await page.locator('#findings-summary').evaluate(rendered)).toMatch(
        /problems?: Agora will refuse this token/,
      );
    }
    await fillIntent(page, { product: 'rtc', channel: 'Demo', uidKind: 'uid', uid: '42', role: 'publisher' });
    await page.fill('#token', rtc({}));
    await expect
      .poll(() => page.locator('#findings-summary').evaluate(rendered))
      .toBe('No problem found: the token allows what your app does.');
    await page.fill('#uid', 'forty-two');
    await expect
      .poll(() => page.locator('#uid-error').evaluate(rendered))
      .toBe('a uid is a whole number from 0 to 4294967295');
    await page.fill('#token', '"007eJxTYBBa"');
    await expect.poll(() => codes(page)).toEqual(['MALFORMED']);
    expect(await page.locator('#findings .fix').evaluate(rendered)).toContain('remove the quotes');
    expect(await page.locator('#contents').evaluate(rendered)).toBe('');
    expect(errors).toEqual([]);
  });

  it('checks the signature with a certificate typed into the page, which goes nowhere', async () => {
    const { page, requests, errors } = await open({});
    const token = rtc({}, Math.floor(Date.now() / 1000));
    await page.fill('#token', token);
    const status = page.locator('#signature-status');
    expect(await status.evaluate(rendered)).toBe('Type your App Certificate to check the signature.');
    await page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    await expect.poll(() => status.evaluate(rendered)).toBe('The signature matches this certificate.');
    expect(await codes(page)).toContain('SIGNATURE_VALID');
    await page.fill('#certificate', OTHER_CERTIFICATE);
    await expect.poll(() => status.evaluate(rendered)).toBe('The signature does not match this certificate.');
    expect((await codes(page))[0]).toBe('SIGNATURE_MISMATCH');
    await page.fill('#certificate', 'not-a-certificate');
    await expect
      .poll(() => status.evaluate(rendered))
      .toBe('An App Certificate is 32 hexadecimal characters.');
    // a 006 token signs its channel and uid: checked once both are given
    const legacy = Legacy006.buildTokenWithUid(
      DEMO_CREDENTIALS.appId,
      DEMO_CREDENTIALS.appCertificate,
      'room',
      7,
      1,
      Math.floor(Date.now() / 1000) + 600,
    );
    await page.fill('#token', legacy);
    await page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    await expect
      .poll(() => status.evaluate(rendered))
      .toMatch(/^Not checked: a 006 token needs the channel and uid/);
    await fillIntent(page, { product: 'rtc', channel: 'room', uidKind: 'uid', uid: '7' });
    await expect.poll(() => status.evaluate(rendered)).toBe('The signature matches this certificate.');
    await page.click('#share');
    // nowhere: not in the URL, the share link, storage or cookies, and not sent
    const kept = await page.evaluate(() => ({
      url: location.href,
      link: (document.getElementById('share-link') as HTMLInputElement).value,
      storage: localStorage.length + sessionStorage.length,
      cookie: document.cookie,
    }));
    for (const secret of [DEMO_CREDENTIALS.appCertificate, OTHER_CERTIFICATE]) {
      expect(kept.url).not.toContain(secret);
      expect(kept.link).not.toContain(secret);
      expect(host.requests.join('\n')).not.toContain(secret);
    }
    expect(kept.link).toContain('#token=006');
    // and it does not outlive the page (back-forward cache, form restore)
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    expect(await page.inputValue('#certificate')).toBe('');
    expect(kept.storage).toBe(0);
    expect(kept.cookie).toBe('');
    expect([...new Set(requests)].sort()).toEqual(pageFiles());
    expect(errors).toEqual([]);
  });

  it('makes a share link that carries the token and the intent in the fragment only, and opens it', async () => {
    const first = await open({});
    const token = rtc({ role: 'subscriber' }, Math.floor(Date.now() / 1000));
    await first.page.fill('#token', token);
    await fillIntent(first.page, {
      product: 'rtc',
      channel: 'demo',
      uidKind: 'uid',
      uid: '42',
      role: 'publisher',
    });
    await first.page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    // next to the button: the link is as good as the token while it lasts
    expect(await first.page.locator('section[aria-labelledby="share-heading"]').textContent()).toMatch(
      /Anyone who has the link can use the token until it expires/,
    );
    await first.page.click('#share');
    const link = await first.page.inputValue('#share-link');
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe(host.url);
    expect(url.search).toBe('');
    expect(new URLSearchParams(url.hash.slice(1)).get('token')).toBe(token);
    expect(link).not.toContain(DEMO_CREDENTIALS.appCertificate);
    expect(await first.page.locator('#share-status').evaluate(rendered)).toMatch(
      /^(Link copied\.|Copy the link from the field\.)$/,
    );
    const firstCodes = (await codes(first.page)).filter((c) => c !== 'SIGNATURE_VALID');

    const before = host.requests.length;
    const second = await open({ hash: url.hash });
    expect(await second.page.inputValue('#token')).toBe(token);
    expect(await second.page.inputValue('#channel')).toBe('demo');
    expect(await second.page.inputValue('#role')).toBe('publisher');
    expect(await second.page.inputValue('#certificate')).toBe('');
    await expect.poll(() => codes(second.page)).toEqual(firstCodes);
    expect(firstCodes).toEqual(expect.arrayContaining(['CHANNEL_CASE_MISMATCH', 'NO_PUBLISH_PRIVILEGE']));
    // the server saw the page's files, never the fragment
    const seen = host.requests.slice(before);
    expect(seen.sort()).toEqual(['/', '/inspector.css', '/inspector.js']);
    expect(second.requests.some((r) => r.includes('token='))).toBe(false);
    expect(second.errors).toEqual([]);
  });

  it('makes no request of its own: the CSP blocks fetch, beacons, sockets and images from script', async () => {
    const { page, requests, failed } = await open({});
    await page.fill('#token', rtc({}, Math.floor(Date.now() / 1000)));
    await fillIntent(page, { product: 'rtc', channel: 'Demo', uid: '42' });
    await page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    await page.click('#share');
    await page.waitForTimeout(1200); // a tick of the clock
    expect([...new Set(requests)].sort()).toEqual(pageFiles());
    const attempts = await page.evaluate(async (base) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const fetched = await fetch(`${base}leak-fetch`).then(
        () => 'sent',
        () => 'blocked',
      );
      navigator.sendBeacon(`${base}leak-beacon`, 'x');
      try {
        new WebSocket(`${base.replace('http', 'ws')}leak-socket`);
      } catch {}
      const image = new Image();
      image.src = `${base}leak-image`;
      await new Promise((r) => setTimeout(r, 300));
      return { fetched, violations };
    }, host.url);
    expect(attempts.fetched).toBe('blocked');
    expect(attempts.violations).toEqual(expect.arrayContaining(['connect-src', 'img-src']));
    expect(host.requests.filter((r) => r.includes('leak'))).toEqual([]);
    // what the browser's log shows of them: attempts it blocked itself, never sent
    for (const url of requests.filter((r) => r.includes('leak'))) expect(failed.get(url), url).toBe('csp');
  });

  it('is readable on a phone and usable with the keyboard, every field labelled', async () => {
    const { page, errors } = await open({ viewport: { width: 360, height: 740 } });
    const unlabelled = await page
      .locator('input, select, textarea')
      .evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).labels?.length === 0).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    const token = rtc(
      { uid: undefined, account: 'a-long-user-account-name-that-must-wrap-on-a-phone' },
      Math.floor(Date.now() / 1000),
    );
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.keyboard.insertText(token);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('product');
    await page.keyboard.press('ArrowDown'); // joins an RTC channel
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('channel');
    await page.keyboard.type('Demo');
    await page.keyboard.press('Tab'); // joins with: a numeric uid
    await page.keyboard.press('Tab');
    await page.keyboard.type('42');
    await expect.poll(() => codes(page)).toContain('UID_TYPE_ACCOUNT_VS_UID');
    const width = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: innerWidth,
    }));
    expect(width.page).toBeLessThanOrEqual(width.view);
    expect(errors).toEqual([]);
  });

  it('takes the README screenshot', async () => {
    const now = ISSUED + 600;
    const { page } = await open({ clock: now, viewport: { width: 960, height: 900 } });
    const token = rtc({ role: 'subscriber' });
    await page.fill('#token', token);
    await fillIntent(page, { product: 'rtc', channel: 'demo', uidKind: 'uid', uid: '42', role: 'publisher' });
    await page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    await expect.poll(() => codes(page)).toContain('NO_PUBLISH_PRIVILEGE');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
