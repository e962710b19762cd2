import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The one file deployed; it exports `handler`. */
export const LAMBDA_ENTRY_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';

export class LambdaBundleMissingError extends Error {
  override name = 'LambdaBundleMissingError';
}

/**
 * The `dist` directory of the installed `@tokenfn/aws-lambda`, where its build writes the bundle
 * (`pnpm --filter @tokenfn/aws-lambda build`). Found through the package resolution of this module, so it
 * is the same package whichever directory `cdk` runs in.
 */
export function defaultLambdaCodeDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@tokenfn/aws-lambda'));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new LambdaBundleMissingError('cannot find the @tokenfn/aws-lambda package');
    dir = parent;
  }
  return join(dir, 'dist');
}

/** Returns `dir` when it holds the bundle, otherwise throws an error that says how to build it. */
export function requireLambdaBundle(dir: string): string {
  const entry = join(dir, LAMBDA_ENTRY_FILE);
  if (!existsSync(entry)) {
    throw new LambdaBundleMissingError(
      `The Lambda bundle ${entry} does not exist. Build it first: pnpm --filter @tokenfn/aws-lambda build ` +
        '(the root `pnpm build` and `pnpm test` do it), or give the construct its `code`.',
    );
  }
  return dir;
}
