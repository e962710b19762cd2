import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `pnpm --filter @tokenfn/aws-lambda build` writes the bundle. */
export const DEFAULT_LAMBDA_CODE_DIR = fileURLToPath(
  new URL('../../packages/aws-lambda/dist', import.meta.url),
);

/** The one file deployed; it exports `handler`. */
export const LAMBDA_ENTRY_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';

export class LambdaBundleMissingError extends Error {
  override name = 'LambdaBundleMissingError';
}

/** Returns `dir` when it holds the bundle, otherwise throws an error that says how to build it. */
export function requireLambdaBundle(dir: string): string {
  const entry = join(dir, LAMBDA_ENTRY_FILE);
  if (!existsSync(entry)) {
    throw new LambdaBundleMissingError(
      `The Lambda bundle ${entry} does not exist. Build it first: pnpm --filter @tokenfn/aws-lambda build ` +
        '(the root `pnpm build` and `pnpm test` do it), or point -c lambdaCodeDir=<dir> at a directory holding index.mjs.',
    );
  }
  return dir;
}
