// The built site: what `pnpm build` writes to dist/ (here to a temporary folder), the CSP in the page's
// <meta> tag and in the headers, and the asset base.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInspectorSite, INSPECTOR_CSP, INSPECTOR_HEADERS, staticHostHeaders } from '../src/site.js';

const here = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'inspector-dist-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the built site', () => {
  it('pnpm build writes index.html, one script, one style sheet and _headers, the same files as in memory', async () => {
    execFileSync(join(here, '../../node_modules/.bin/tsx'), ['scripts/build.ts', '--outdir', out], {
      cwd: here,
    });
    expect(readdirSync(out).sort()).toEqual(['_headers', 'index.html', 'inspector.css', 'inspector.js']);
    const site = await buildInspectorSite();
    for (const [name, file] of site.files)
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(file.body);
    expect(readFileSync(join(out, '_headers'), 'utf8')).toBe(staticHostHeaders());
    expect(staticHostHeaders()).toContain(`  Content-Security-Policy: ${INSPECTOR_CSP}\n`);
  });

  it('carries the CSP in a <meta> tag for hosts that send no headers (frame-ancestors only in the header)', async () => {
    const html = (await buildInspectorSite()).files.get('index.html')!.body;
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(meta).toBe(INSPECTOR_CSP.replace("; frame-ancestors 'none'", ''));
    expect(meta).toContain("connect-src 'none'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toContain('unsafe');
    expect(INSPECTOR_HEADERS['Content-Security-Policy']).toBe(INSPECTOR_CSP);
    // no inline script or style, which the CSP would refuse
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  it('points at its files relative to the page, or under the base given', async () => {
    const relative = (await buildInspectorSite()).files.get('index.html')!.body;
    expect(relative).toContain('src="./inspector.js"');
    const based = (await buildInspectorSite({ base: '/tools/inspect/' })).files.get('index.html')!.body;
    expect(based).toContain('src="/tools/inspect/inspector.js"');
    expect(based).toContain('href="/tools/inspect/inspector.css"');
    for (const base of ['inspect/', '/inspect', '"/><script>', '//evil.example/']) {
      await expect(buildInspectorSite({ base }), base).rejects.toThrow(/base must be/);
    }
  });
});
