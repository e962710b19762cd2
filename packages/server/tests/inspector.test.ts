// The token inspector page on the local server: /inspect and its files over real HTTP with the page's
// headers (its CSP forbids every request from the page), behind the Host check, and in a real browser
// (Debian's Chromium): a token the server itself minted is pasted, diagnosed and its signature checked,
// and the browser's request log holds only the page's own files.
import { request as httpRequest } from 'node:http';
import { launchBrowser } from '@tokenfn/browser-testing';
import { DEMO_CREDENTIALS } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { INSPECTOR_CSP } from '@tokenfn/inspector/site';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/** An element's text as rendered: what a reader sees. */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what this test checks
const rendered = (e: Element) => (e as HTMLElement).innerText;

const logs = new LogCapture();
let server: RunningServer;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServer({ env: {}, host: '127.0.0.1', port: 0, logger: logs.logger });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function withHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers: { host }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /inspect on the local server', () => {
  it('serves the page and its files with the CSP that forbids every request from the page', async () => {
    const files: Array<[string, RegExp]> = [
      ['/inspect', /^text\/html/],
      ['/inspect/', /^text\/html/],
      ['/inspect/inspector.js', /^text\/javascript/],
      ['/inspect/inspector.css', /^text\/css/],
    ];
    for (const [path, type] of files) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
      expect(res.headers.get('content-security-policy'), path).toBe(INSPECTOR_CSP);
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
      expect((await res.text()).length, path).toBeGreaterThan(500);
    }
    expect(INSPECTOR_CSP).toContain("connect-src 'none'");
    const html = await (await fetch(`${server.url}/inspect`)).text();
    expect(html).toContain('src="/inspect/inspector.js"');
    expect(html).toContain('href="/inspect/inspector.css"');
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ message: 'request', route: '/inspect', status: 200 }),
    );
  });

  it('answers HEAD without a body, 405 to other methods, and leaves every other path to the app', async () => {
    const head = await fetch(`${server.url}/inspect`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${server.url}/inspect`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(((await post.json()) as { code: string }).code).toBe('ERR_METHOD_NOT_ALLOWED');
    for (const path of ['/inspect/nothing.js', '/inspect/index.html/', '/inspector']) {
      const res = await fetch(`${server.url}${path}`);
      expect(((await res.json()) as { code: string }).code, path).toBe('ERR_NOT_FOUND');
    }
    const healthz = await fetch(`${server.url}/healthz`);
    expect(await healthz.json()).toEqual({ status: 'ok' });
  });

  it('is behind the same Host check as the app when unauthenticated on loopback', async () => {
    expect(await withHost('/inspect', `localhost:${new URL(server.url).port}`)).toBe(200);
    expect(await withHost('/inspect', 'rebound.example')).toBe(403);
  });

  it('works in a browser: a token minted by this server, its findings, the signature, no request', async () => {
    const minted = (await (
      await fetch(`${server.url}/v1/tokens/rtc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'Demo', uid: 42, role: 'subscriber', expiresIn: 600 }),
      })
    ).json()) as { token: string };
    browser = await launchBrowser();
    const context = await browser.newContext();
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/inspect`);
    await page.fill('#token', minted.token);
    await page.selectOption('#product', 'rtc');
    await page.fill('#channel', 'demo');
    await page.fill('#uid', '42');
    await page.selectOption('#role', 'publisher');
    await page.fill('#certificate', DEMO_CREDENTIALS.appCertificate);
    const codes = () =>
      page.locator('#findings li').evaluateAll((li) => li.map((l) => l.getAttribute('data-code')));
    await expect
      .poll(codes)
      .toEqual(expect.arrayContaining(['CHANNEL_CASE_MISMATCH', 'NO_PUBLISH_PRIVILEGE', 'SIGNATURE_VALID']));
    expect(await page.locator('#signature-status').evaluate(rendered)).toBe(
      'The signature matches this certificate.',
    );
    // the header CSP forbids even the server's own API to the page
    const fetched = await page.evaluate(() =>
      fetch('/v1/tokens/rtm', { method: 'POST', body: '{"userId":"u"}' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
    expect([...new Set(requests)].sort()).toEqual(
      ['/inspect', '/inspect/inspector.css', '/inspect/inspector.js'].map((p) => `${server.url}${p}`),
    );
    expect(errors).toEqual([]);
    expect(logs.lines.join('\n')).not.toContain(minted.token);
  });
});
