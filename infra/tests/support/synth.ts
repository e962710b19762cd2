import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { standInBundleDir, synthOutDir } from '@tokenfn/cdk/testing';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addTokenApi } from '../../lib/token-api-app';
import type { TokenApiStack } from '../../lib/token-api-stack';

export { API_KEY_HASH, ISSUER, SECRET_ARN } from '@tokenfn/cdk/testing';

/** The run's stand-in for `packages/aws-lambda/dist` (`@tokenfn/cdk/testing`'s global setup). */
export const makeStandInBundle = standInBundleDir;

/** An App writing its cloud assembly under the run's temporary directory (removed after the run). */
export function newApp(context: Record<string, unknown>): App {
  return new App({ outdir: synthOutDir(), context });
}

export const CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';

/** The feature flags and other context of cdk.json, which the CLI passes to the app. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'),
).context;

/** Builds the app as `cdk synth` does (cdk.json context, then `-c` values) and synthesises it (cdk-nag included). */
export function synth(context: Record<string, unknown>): { stack: TokenApiStack; template: Template } {
  const app = newApp({ ...CDK_JSON_CONTEXT, lambdaCodeDir: makeStandInBundle(), ...context });
  const stack = addTokenApi(app);
  return { stack, template: Template.fromStack(stack) };
}

/** The template with every asset hash (64 hex characters before .zip or .json) replaced, for snapshots. */
export function normalisedTemplate(template: Template): unknown {
  const text = JSON.stringify(template.toJSON(), null, 2).replace(
    /[0-9a-f]{64}(?=\.(zip|json))/g,
    '<asset-hash>',
  );
  return JSON.parse(text);
}
