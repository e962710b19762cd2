// In a real browser (Debian's Chromium through playwright-core), pages on one loopback origin get tokens
// from the local server on another, through CORS: the built client renews a short token before it
// expires, the real agora-rtc-sdk-ng client (created offline) is bound, and useAgoraToken renders renewals.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '@tokenfn/browser-testing';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_API_KEY, rtcServiceOf, startTokenServer, type TestServer } from './support.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

const here = new URL('.', import.meta.url).pathname;
const require = createRequire(import.meta.url);

async function bundle(entry: string, format: 'esm' | 'iife'): Promise<string> {
  const r = await build({
    entryPoints: [`${here}${entry}`],
    bundle: true,
    minify: true,
    format,
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

/** What plain-page.js leaves on window.result. */
interface PlainResult {
  failed?: string;
  first: { token: string; validUntil: number; uid: number };
  renewed: { token: string } | null;
  errors: { code: string; at: number; sdk: string }[];
  bound: { willExpire: number; didExpire: number };
  unbound: number;
}

let pages: Server;
let origin: string;
let tokens: TestServer;
let browser: Browser;

beforeAll(async () => {
  const files: Record<string, [string, string]> = {
    '/client.js': ['text/javascript', await bundle('../src/index.ts', 'esm')],
    '/react-page.js': ['text/javascript', await bundle('browser/react-page.tsx', 'iife')],
    '/agora.js': ['text/javascript', readFileSync(require.resolve('agora-rtc-sdk-ng'), 'utf8')],
    '/plain-page.js': ['text/javascript', readFileSync(`${here}browser/plain-page.js`, 'utf8')],
    '/plain.html': [
      'text/html',
      '<!doctype html><title>plain</title><script src="/agora.js"></script><script type="module" src="/plain-page.js"></script>',
    ],
    '/react.html': [
      'text/html',
      '<!doctype html><title>react</title><div id="root"></div><script src="/react-page.js"></script>',
    ],
  };
  pages = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? '');
  });
  await new Promise<void>((ok) => pages.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  // the token server allows the page origin, exactly as a web app's deployment would
  tokens = await startTokenServer({ CORS_ALLOW_ORIGINS: origin });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await tokens?.close();
  await new Promise<void>((ok) => (pages ? pages.close(() => ok()) : ok()));
});

/** A page whose requests may go to the two loopback servers and nowhere else (the SDK stays offline). */
async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  const allowed = new Set([new URL(origin).host, new URL(tokens.url).host]);
  await page.route('**/*', (route) =>
    allowed.has(new URL(route.request().url()).host) ? route.continue() : route.abort(),
  );
  await page.addInitScript((cfg) => Object.assign(window, { tokenfnTest: cfg }), {
    baseUrl: tokens.url,
    apiKey: CONTRACT_API_KEY,
  });
  await page.goto(`${origin}${path}`);
  return page;
}

describe('the client in Chromium', () => {
  it('gets a token through CORS and renews it before it expires, bound to a real AgoraRTC client', async () => {
    const page = await openPage('/plain.html');
    await page.waitForFunction(() => 'result' in window, null, { timeout: 10_000 });
    const result = await page.evaluate(() => (window as unknown as { result: PlainResult }).result);
    await page.close();
    expect(result.failed).toBeUndefined();
    expect(result.first.uid).toBe(42);
    expect(rtcServiceOf(result.first.token)).toMatchObject({ channelName: 'browser', uid: '42', expire: 4 });
    expect(result.bound).toEqual({ willExpire: 1, didExpire: 1 });
    expect(result.unbound).toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.code).toBe('ERR_RENEW_FAILED');
    expect(result.errors[0]!.at).toBeLessThan(result.first.validUntil); // renewed before expiry
    expect(result.renewed?.token).toBeDefined();
    expect(result.renewed!.token).not.toBe(result.first.token);
    expect(rtcServiceOf(result.renewed!.token)).toMatchObject({ channelName: 'browser', uid: '42' });
  });

  it('useAgoraToken renders the token and a renewed one before the first expires', async () => {
    const page = await openPage('/react.html');
    await page.waitForSelector('#token', { timeout: 5000 });
    expect(await page.getAttribute('#token', 'data-channel')).toBe('react');
    await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length >= 2, null, {
      timeout: 8000,
    });
    const seen = await page.evaluate(
      () => (window as unknown as { seen: { token: string; at: number; validUntil: number }[] }).seen,
    );
    await page.close();
    expect(seen[1]!.at).toBeLessThan(seen[0]!.validUntil);
    expect(seen[1]!.token).not.toBe(seen[0]!.token);
    for (const s of seen) expect(rtcServiceOf(s.token)).toMatchObject({ channelName: 'react', uid: '7' });
  });
});
