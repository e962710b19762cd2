// "sideEffects": false, in fact: importing the entry points for their side effects only leaves nothing
// after esbuild's tree shaking (the plugin-free path ignores package.json, so this checks the code).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function bundle(contents: string): Promise<string> {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return new TextDecoder().decode(r.outputFiles[0]!.contents);
}

describe('no top-level side effects', () => {
  it('a bare import of the token library and of legacy bundles to nothing', async () => {
    expect(await bundle("import './src/index.ts';")).toBe('');
    expect(await bundle("import './src/legacy.ts';")).toBe('');
  });

  it('the RTC builder does not pull in decoding, inflate, MD5 or the legacy format', async () => {
    const code = await bundle("export { RtcTokenBuilder } from './src/index.ts';");
    expect(code).not.toContain('invalid Huffman code');
    expect(code).not.toContain('ERR_TOKEN_VERSION');
    expect(code).not.toContain('kRtmLogin');
    expect(code.length).toBeGreaterThan(1000);
  });
});
