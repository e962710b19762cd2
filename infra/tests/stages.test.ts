import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { resolveStageConfig, StageConfigError } from '../lib/stages';
import { API_KEY_HASH, CERT_ARN, ISSUER, SECRET_ARN } from './support/synth';

const from = (context: Record<string, unknown>) => resolveStageConfig((key) => context[key]);
const rejects = (context: Record<string, unknown>, message: RegExp) => {
  expect(() => from(context)).toThrow(StageConfigError);
  expect(() => from(context)).toThrow(message);
};

describe('resolveStageConfig', () => {
  it('defaults to dev with api-key auth and a new secret named for the stage', () => {
    const config = from({ apiKeyHashes: API_KEY_HASH });
    expect(config.stage).toBe('dev');
    expect(config.auth).toEqual({ mode: 'api-key', apiKeyHashes: [API_KEY_HASH] });
    expect(config.secret).toEqual({ kind: 'create', name: 'tokenfn/dev/agora' });
    expect(config.logRetention).toBe(RetentionDays.ONE_WEEK);
    expect(config.retainOnDelete).toBe(false);
  });

  it('makes prod require a JWT issuer and audience, and says which context to pass', () => {
    rejects({ stage: 'prod' }, /-c jwtIssuer=https:\/\/… -c jwtAudience=/);
    rejects({ stage: 'prod', jwtIssuer: 'http://insecure.example.com', jwtAudience: 'a' }, /https:\/\//);
    const config = from({ stage: 'prod', jwtIssuer: ISSUER, jwtAudience: 'a, b' });
    expect(config.auth).toEqual({ mode: 'jwt', issuer: ISSUER, audience: ['a', 'b'] });
    expect(config.reservedConcurrency).toBe(100);
    expect(config.retainOnDelete).toBe(true);
  });

  it('takes SHA-256 digests for API keys and refuses anything that looks like a raw key', () => {
    rejects({ stage: 'dev' }, /apiKeyHashes/);
    rejects(
      { stage: 'dev', apiKeyHashes: 'my-secret-api-key' },
      /^apiKeyHashes: each entry must be a SHA-256 digest/,
    );
    rejects(
      { stage: 'dev', apiKeyHashes: `${API_KEY_HASH},abc` },
      /SHA-256 digest in hex \(64 characters\) \(the function's API_KEY_HASHES\)/,
    );
    rejects(
      { stage: 'dev', apiKeyHashes: API_KEY_HASH, jwtUidClaim: 'bad claim' },
      /^jwtUidClaim: must be a claim name/,
    );
    expect(from({ apiKeyHashes: [API_KEY_HASH, 'F'.repeat(64)] }).auth).toEqual({
      mode: 'api-key',
      apiKeyHashes: [API_KEY_HASH, 'f'.repeat(64)],
    });
  });

  it('allows authMode=none only with allowUnauthenticated=true', () => {
    rejects({ authMode: 'none' }, /allowUnauthenticated=true/);
    rejects({ authMode: 'none', allowUnauthenticated: 'false' }, /allowUnauthenticated=true/);
    rejects({ authMode: 'none', allowUnauthenticated: 'yes' }, /true or false/);
    expect(from({ authMode: 'none', allowUnauthenticated: 'true' }).auth).toEqual({
      mode: 'none',
      allowUnauthenticated: true,
    });
    rejects({ authMode: 'basic' }, /jwt, api-key or none/);
  });

  it('accepts a complete secret ARN or a name, and refuses a partial ARN', () => {
    const base = { apiKeyHashes: API_KEY_HASH };
    expect(from({ ...base, secretArn: SECRET_ARN }).secret).toEqual({
      kind: 'complete-arn',
      arn: SECRET_ARN,
    });
    expect(from({ ...base, secretName: 'team/agora' }).secret).toEqual({ kind: 'name', name: 'team/agora' });
    rejects({ ...base, secretArn: SECRET_ARN.replace(/-AbC123$/, '') }, /complete ARN/);
    rejects({ ...base, secretArn: 'tokenfn/prod/agora' }, /not a Secrets Manager ARN/);
    rejects({ ...base, secretArn: SECRET_ARN, secretName: 'x' }, /not both/);
    rejects({ ...base, secretName: 'bad name!' }, /characters/);
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(from({ ...base, secretArn: SECRET_ARN, secretKmsKeyArn: key }).secretKmsKeyArn).toBe(key);
    rejects({ ...base, secretKmsKeyArn: key }, /existing secret/);
    rejects({ ...base, secretArn: SECRET_ARN, secretKmsKeyArn: 'alias/agora' }, /KMS key ARN/);
  });

  it('checks CORS origins, alarm targets and the custom domain', () => {
    const base = { apiKeyHashes: API_KEY_HASH };
    expect(
      from({ ...base, corsAllowOrigins: 'https://a.example.com, http://localhost:5173' }).corsAllowOrigins,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
    rejects(
      { ...base, corsAllowOrigins: 'https://a.example.com/path' },
      /^corsAllowOrigins: .* is not an origin/,
    );
    rejects(
      { ...base, corsAllowOrigins: 'a.example.com' },
      /^corsAllowOrigins: "a.example.com" is not an origin/,
    );
    rejects({ ...base, alarmEmail: 'not-an-address' }, /e-mail/);
    rejects({ ...base, alarmTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' }, /SNS topic ARN/);
    rejects({ ...base, domainName: 'tokens.example.com' }, /both -c domainName=… and -c certificateArn=…/);
    rejects({ ...base, domainName: 'tokens.example.com', certificateArn: 'arn:aws:iam::1:x' }, /ACM/);
    expect(
      from({ ...base, domainName: 'Tokens.Example.com', certificateArn: CERT_ARN }).customDomain,
    ).toEqual({
      domainName: 'tokens.example.com',
      certificateArn: CERT_ARN,
    });
  });

  it('refuses an unknown stage and lists the known ones', () => {
    rejects({ stage: 'staging' }, /unknown stage "staging"; known: dev, prod/);
  });
});
