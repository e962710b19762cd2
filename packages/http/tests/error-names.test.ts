// Error names survive minification: the Lambda and Worker bundles are minified (class names mangled), and
// a log line carries an error's `name`, so every error class of the token library and of the app names
// itself. The classes are bundled and minified here as those builds do, then run.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));

async function namesAfterMinify(contents: string): Promise<unknown> {
  const r = await build({
    stdin: { contents, resolveDir: here, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = new TextDecoder().decode(r.outputFiles[0]!.contents);
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
    names: unknown;
  };
  return mod.names;
}

describe('error names in a minified bundle', () => {
  it('are the class names, not the mangled ones', async () => {
    const names = await namesAfterMinify(`
      import { TokenfnError, TokenFormatError, TokenInputError } from '@tokenfn/core';
      import { CredentialsUnavailableError } from '../src/credentials.ts';
      import { ConfigError } from '../src/config.ts';
      import { HttpProblem } from '../src/problem.ts';
      import { PolicyDenial } from '../src/policy.ts';
      export const names = [
        new TokenfnError('ERR_X', 'x'),
        new TokenFormatError('ERR_TOKEN_VERSION', 'x'),
        new TokenInputError('ERR_X', 'field', 'x'),
        new CredentialsUnavailableError('ERR_CREDENTIALS_UNAVAILABLE', 'x'),
        new ConfigError('AUTH_MODE', 'x'),
        new HttpProblem(400, { code: 'ERR_X', detail: 'x' }),
        new PolicyDenial('forbidden', 'x'),
      ].map((e) => e.name);
    `);
    expect(names).toEqual([
      'TokenfnError',
      'TokenFormatError',
      'TokenInputError',
      'CredentialsUnavailableError',
      'ConfigError',
      'HttpProblem',
      'PolicyDenial',
    ]);
  });
});
