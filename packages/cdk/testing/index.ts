// `@tokenfn/cdk/testing`: what the tests that synthesise tokenfn stacks share, here and in infra. Not
// published (the package's publishConfig leaves it out). Runs under vitest with ./global-setup.ts.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type {} from './global-setup.js';

/** The SHA-256 of an API key, as API_KEY_HASHES holds it. */
export const API_KEY_HASH = 'c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokenfn/prod/agora-AbC123';
export const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';

/** The run's stand-in for the Lambda bundle directory (`index.mjs` and its map). */
export function standInBundleDir(): string {
  return inject('standInBundleDir');
}

/** A fresh directory for one cloud assembly, under the run's temporary directory (removed after the run). */
export function synthOutDir(): string {
  return mkdtempSync(join(inject('synthOutRoot'), 'app-'));
}
