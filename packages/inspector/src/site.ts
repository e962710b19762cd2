// The inspector as files any static host serves: index.html, inspector.js (the page and @tokenfn/core in
// one browser bundle) and inspector.css, built in memory with esbuild. `pnpm build` writes them to dist/
// (scripts/build.ts); the local server serves them from memory at /inspect.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * The page's Content-Security-Policy: its own script and style only, and no request at all from script
 * (`connect-src 'none'`), no form submission, no frames, no base URL change. Sent as a header where the
 * host can, and repeated in a `<meta>` tag (without `frame-ancestors`, which a meta tag cannot carry) for
 * hosts that send no headers.
 */
export const INSPECTOR_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'none'; " +
  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Headers every file of the page is served with. */
export const INSPECTOR_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': INSPECTOR_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export interface InspectorFile {
  contentType: string;
  body: string;
}

export interface InspectorSite {
  /** By file name: `index.html`, `inspector.js`, `inspector.css`. */
  files: ReadonlyMap<string, InspectorFile>;
  headers: Readonly<Record<string, string>>;
}

export interface BuildInspectorOptions {
  /**
   * Where the page finds its script and style, prefixed to their file names: `./` (the default, for a
   * folder on a static host) or an absolute path such as `/inspect/` when the page is served at a path
   * without a trailing slash.
   */
  base?: string;
}

const PAGE = new URL('./page/', import.meta.url);
const META_CSP = INSPECTOR_CSP.replace(/; frame-ancestors [^;]*/, '');

/**
 * Builds the page (about 0.1 s).
 *
 * @example
 * const site = await buildInspectorSite({ base: '/inspect/' });
 * site.files.get('index.html')?.body; // '<!doctype html>…'
 */
export async function buildInspectorSite(o: BuildInspectorOptions = {}): Promise<InspectorSite> {
  const base = o.base ?? './';
  if (!/^(\.\/|\/([\w.~-]+\/)*)$/.test(base)) {
    throw new Error('base must be "./" or an absolute path that ends with "/"');
  }
  const common = {
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  } as const;
  const [script, style, template] = await Promise.all([
    build({
      ...common,
      entryPoints: [new URL('main.ts', PAGE).pathname],
      format: 'esm',
      platform: 'browser',
      target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    }),
    build({ ...common, entryPoints: [new URL('inspector.css', PAGE).pathname] }),
    readFile(new URL('index.html', PAGE), 'utf8'),
  ]);
  const html = template.replaceAll('%BASE%', base).replace('%CSP%', META_CSP).replace(/\n\s*/g, '\n');
  return {
    files: new Map([
      ['index.html', { contentType: 'text/html; charset=utf-8', body: html }],
      ['inspector.js', { contentType: 'text/javascript; charset=utf-8', body: script.outputFiles[0]!.text }],
      ['inspector.css', { contentType: 'text/css; charset=utf-8', body: style.outputFiles[0]!.text }],
    ]),
    headers: INSPECTOR_HEADERS,
  };
}

/**
 * The `_headers` file that Cloudflare Pages and Netlify read from a static folder: the page's headers on
 * every path.
 */
export function staticHostHeaders(): string {
  return `/*\n${Object.entries(INSPECTOR_HEADERS)
    .map(([name, value]) => `  ${name}: ${value}\n`)
    .join('')}`;
}
