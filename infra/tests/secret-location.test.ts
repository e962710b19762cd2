// A secret given by ARN must be in the region and account the stack deploys to, when both are known.
import { App, Aws } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { StageConfigError } from '../lib/config';
import { addTokenApi, checkSecretLocation } from '../lib/token-api-app';
import { CDK_JSON_CONTEXT, makeStandInBundle } from './support/synth';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokenfn/prod/agora-AbC123';
const secret = { kind: 'complete-arn', arn: ARN } as const;

describe('checkSecretLocation', () => {
  it('accepts the same region and account, and an environment-agnostic stack', () => {
    expect(() => checkSecretLocation(secret, 'eu-west-1', '123456789012')).not.toThrow();
    expect(() => checkSecretLocation(secret, Aws.REGION, Aws.ACCOUNT_ID)).not.toThrow();
    expect(() => checkSecretLocation({ kind: 'name', name: 'x' }, 'us-east-1', '999999999999')).not.toThrow();
  });

  it('refuses another region or account, saying which and what to do', () => {
    expect(() => checkSecretLocation(secret, 'us-east-1', '123456789012')).toThrow(StageConfigError);
    expect(() => checkSecretLocation(secret, 'us-east-1', '123456789012')).toThrow(
      /secretArn is in region eu-west-1, but the stack deploys to us-east-1/,
    );
    expect(() => checkSecretLocation(secret, 'eu-west-1', '999999999999')).toThrow(
      /secretArn is in account 123456789012, but the stack deploys to account 999999999999/,
    );
  });

  it('is applied when the CLI default region differs from the secret', () => {
    const before = { region: process.env['CDK_DEFAULT_REGION'], account: process.env['CDK_DEFAULT_ACCOUNT'] };
    process.env['CDK_DEFAULT_REGION'] = 'us-east-1';
    process.env['CDK_DEFAULT_ACCOUNT'] = '123456789012';
    try {
      const app = new App({
        context: {
          ...CDK_JSON_CONTEXT,
          stage: 'prod',
          jwtIssuer: 'https://issuer.example.com/',
          jwtAudience: 'web',
          secretArn: ARN,
          lambdaCodeDir: makeStandInBundle(),
        },
      });
      expect(() => addTokenApi(app)).toThrow(/region eu-west-1, but the stack deploys to us-east-1/);
    } finally {
      for (const [k, v] of [
        ['CDK_DEFAULT_REGION', before.region],
        ['CDK_DEFAULT_ACCOUNT', before.account],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
