import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { LambdaBundleMissingError } from '../lib/lambda-bundle';
import { addTokenApi } from '../lib/token-api-app';
import { API_KEY_HASH, CDK_JSON_CONTEXT, ISSUER, makeStandInBundle, newApp } from './support/synth';

const devContext = () => ({
  ...CDK_JSON_CONTEXT,
  stage: 'dev',
  apiKeyHashes: API_KEY_HASH,
  lambdaCodeDir: makeStandInBundle(),
});

/** Every `Validations.of(x).acknowledge(...)` in the tree, as "path: ruleId" -> reason. */
function acknowledgements(root: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(`${construct.node.path}: ${id}`, reason);
      }
    }
  }
  return found;
}

describe('cdk-nag gate (AwsSolutionsChecks through Validations, v3)', () => {
  it('fails synthesis on an unacknowledged finding: a secret without rotation (SMG4)', () => {
    const app = newApp(devContext());
    const stack = addTokenApi(app);
    new Secret(stack, 'UnacknowledgedSecret');
    expect(() => Template.fromStack(stack)).toThrow(
      /secret does not have automatic rotation scheduled. \(AwsSolutions\)/,
    );
  });

  it('passes when that same finding is acknowledged', () => {
    const app = newApp(devContext());
    const stack = addTokenApi(app);
    const secret = new Secret(stack, 'UnacknowledgedSecret');
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'test: the gate reacts to this finding',
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  it('acknowledges exactly the expected findings in dev, each with a specific reason', () => {
    const app = newApp(devContext());
    addTokenApi(app);
    const acks = acknowledgements(app);
    expect([...acks.keys()].sort()).toEqual(
      [
        'tokenfn-dev/Default/AgoraSecret/Secret: Annotation::AwsSolutions-SMG4',
        'tokenfn-dev/Default/HttpApi/Api/GET--: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/GET--healthz: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/GET--openapi.json: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/GET--readyz: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--chat: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--inspect: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--rtc: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--rtm: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--rtm2: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--convoai: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--stt: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--apaas: Annotation::AwsSolutions-APIG4',
        'tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--fpa: Annotation::AwsSolutions-APIG4',
      ].sort(),
    );
    expect(
      acks.get('tokenfn-dev/Default/HttpApi/Api/POST--v1--tokens--rtc: Annotation::AwsSolutions-APIG4'),
    ).toContain('X-API-Key');
    expect(
      acks.get('tokenfn-dev/Default/HttpApi/Api/GET--healthz: Annotation::AwsSolutions-APIG4'),
    ).toContain('public');
    for (const reason of acks.values()) expect(reason.length).toBeGreaterThan(60);
  });

  it('with the JWT authorizer, acknowledges APIG4 only on the four public routes', () => {
    const app = newApp({
      ...CDK_JSON_CONTEXT,
      stage: 'prod',
      jwtIssuer: ISSUER,
      jwtAudience: 'web',
      lambdaCodeDir: makeStandInBundle(),
    });
    addTokenApi(app);
    const routes = [...acknowledgements(app).keys()].filter((key) => key.includes('APIG4'));
    expect(routes.sort()).toEqual([
      'tokenfn-prod/Default/HttpApi/Api/GET--: Annotation::AwsSolutions-APIG4',
      'tokenfn-prod/Default/HttpApi/Api/GET--healthz: Annotation::AwsSolutions-APIG4',
      'tokenfn-prod/Default/HttpApi/Api/GET--openapi.json: Annotation::AwsSolutions-APIG4',
      'tokenfn-prod/Default/HttpApi/Api/GET--readyz: Annotation::AwsSolutions-APIG4',
    ]);
  });
});

describe('Lambda bundle', () => {
  it('refuses to synthesise without the bundle and says how to build it', () => {
    const missing = () => addTokenApi(newApp({ ...devContext(), lambdaCodeDir: '/nonexistent/dist' }));
    expect(missing).toThrow(LambdaBundleMissingError);
    expect(missing).toThrow(
      /\/nonexistent\/dist\/index\.mjs does not exist.*pnpm --filter @tokenfn\/aws-lambda build/,
    );
  });
});
