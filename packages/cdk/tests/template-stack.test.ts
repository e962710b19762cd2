// The CloudFormation template for teams without CDK: it synthesises with cdk-nag, needs no bootstrapped
// account and no asset, takes the secret, auth and code location as parameters, and switches the JWT
// authorizer on and off with the AuthMode parameter.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_PARAMETERS, TokenApiTemplateStack } from '../src/template-stack';
import { newApp, only, resources } from './support/synth';

const app = newApp();
const stack = new TokenApiTemplateStack(app, 'tokenfn-template', { description: 'tokenfn (template)' });
// Synthesis runs cdk-nag over the stack: it throws on any unacknowledged finding.
const assembly = app.synth();
const artifact = assembly.getStackByName(stack.stackName);
const template = artifact.template as {
  Parameters: Record<
    string,
    { Type: string; Default?: string; AllowedValues?: string[]; AllowedPattern?: string }
  >;
  Conditions: Record<string, unknown>;
  Rules: Record<string, { RuleCondition: unknown; Assertions: unknown[] }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Condition?: string }>;
};
const { Template } = await import('aws-cdk-lib/assertions');
const asserted = Template.fromJSON(template as never);

describe('the template with parameters', () => {
  it('has exactly the documented parameters and nothing CDK-bootstrap specific', () => {
    expect(Object.keys(template.Parameters).sort()).toEqual([...TEMPLATE_PARAMETERS].sort());
    expect(template.Parameters['AuthMode']).toMatchObject({
      Default: 'api-key',
      AllowedValues: ['api-key', 'jwt'],
    });
    expect(template.Rules['CheckBootstrapVersion']).toBeUndefined();
    // no file asset: nothing to upload but the zip the user puts in CodeBucket
    expect(readdirSync(assembly.directory).filter((f) => f.startsWith('asset.'))).toEqual([]);
    expect(assembly.artifacts.map((a) => a.constructor.name)).not.toContain('AssetManifestArtifact');
    expect(JSON.stringify(template)).not.toContain('cdk-hnb659fds');
  });

  it('checks parameter shapes where CloudFormation can', () => {
    const pattern = (name: string) => new RegExp(template.Parameters[name]?.AllowedPattern ?? '^$');
    expect(
      pattern('SecretArn').test('arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokenfn/agora-AbC123'),
    ).toBe(true);
    expect(
      pattern('SecretArn').test('arn:aws:secretsmanager:eu-west-1:123456789012:secret:tokenfn/agora'),
    ).toBe(false);
    expect(pattern('ApiKeyHashes').test(`${'a'.repeat(64)},${'b'.repeat(64)}`)).toBe(true);
    expect(pattern('ApiKeyHashes').test('my-raw-api-key')).toBe(false);
    expect(pattern('JwtIssuer').test('http://issuer.example')).toBe(false);
  });

  it('takes the code from the bucket and key parameters', () => {
    const fn = only(asserted, 'AWS::Lambda::Function').Properties as {
      Code: Record<string, unknown>;
      Handler: string;
      Environment: { Variables: Record<string, unknown> };
    };
    expect(fn.Code).toEqual({ S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } });
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Environment.Variables['AGORA_SECRET_ID']).toEqual({ Ref: 'SecretArn' });
    expect(fn.Environment.Variables['AUTH_MODE']).toEqual({ 'Fn::If': ['IsJwt', 'gateway', 'api-key'] });
    expect(fn.Environment.Variables['API_KEY_HASHES']).toEqual({
      'Fn::If': ['IsJwt', { Ref: 'AWS::NoValue' }, { Ref: 'ApiKeyHashes' }],
    });
    // the role may read exactly the given secret
    const statements = Object.values(resources(asserted, 'AWS::IAM::Policy')).flatMap(
      (p) => (p.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(statements.find((s) => s['Sid'] === 'ReadAgoraSecret')?.['Resource']).toEqual({
      Ref: 'SecretArn',
    });
  });

  it('creates the JWT authorizer only for AuthMode=jwt, and the token routes use it only then', () => {
    expect(template.Conditions['IsJwt']).toEqual({ 'Fn::Equals': [{ Ref: 'AuthMode' }, 'jwt'] });
    const authorizer = only(asserted, 'AWS::ApiGatewayV2::Authorizer') as {
      Condition?: string;
      Properties: Record<string, unknown>;
    };
    expect(authorizer.Condition).toBe('IsJwt');
    expect(authorizer.Properties['JwtConfiguration']).toEqual({
      Audience: { Ref: 'JwtAudience' },
      Issuer: { Ref: 'JwtIssuer' },
    });
    const routes = Object.values(resources(asserted, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const guarded = routes.filter((r) => typeof r['AuthorizationType'] === 'object');
    const open = routes.filter(
      (r) => r['AuthorizationType'] === undefined || r['AuthorizationType'] === 'NONE',
    );
    expect(guarded.map((r) => r['RouteKey'])).toContain('POST /v1/tokens/rtc');
    expect(open.map((r) => r['RouteKey'])).toContain('GET /healthz');
    for (const route of guarded) {
      expect(route['AuthorizationType']).toEqual({ 'Fn::If': ['IsJwt', 'JWT', 'NONE'] });
      expect((route['AuthorizerId'] as { 'Fn::If': unknown[] })['Fn::If'][0]).toBe('IsJwt');
    }
  });

  it('refuses at deploy time a mode without its parameters', () => {
    expect(template.Rules['JwtParameters']?.RuleCondition).toEqual({
      'Fn::Equals': [{ Ref: 'AuthMode' }, 'jwt'],
    });
    expect(template.Rules['ApiKeyParameters']?.RuleCondition).toEqual({
      'Fn::Equals': [{ Ref: 'AuthMode' }, 'api-key'],
    });
    expect(JSON.stringify(template.Rules['ApiKeyParameters']?.Assertions)).toContain('"Ref":"ApiKeyHashes"');
  });

  it('has the dashboard and the alarms of the construct', () => {
    asserted.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(Object.keys(resources(asserted, 'AWS::CloudWatch::Alarm')).length).toBe(8);
  });
});
