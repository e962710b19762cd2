import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAMBDA_CODE_DIR, requireLambdaBundle } from '../lib/lambda-bundle';
import { CERT_ARN, ISSUER, makeStandInBundle, SECRET_ARN } from './support/synth';

const run = promisify(execFile);
const infraDir = fileURLToPath(new URL('..', import.meta.url));
const cdk = join(infraDir, 'node_modules', '.bin', 'cdk');

/** The environment of a machine with no AWS credentials, no profile, no metadata service, no telemetry. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  }
  return {
    ...env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    NO_COLOR: '1',
  };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface SynthResult {
  code: number;
  output: string;
  outdir: string;
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

async function cdkSynth(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<SynthResult> {
  const outdir = mkdtempSync(join(tmpdir(), 'tokenfn-cdk-out-'));
  outdirs.push(outdir);
  try {
    const { stdout, stderr } = await run(cdk, ['synth', '--no-notices', '-q', '-o', outdir, ...args], {
      cwd: infraDir,
      env: { ...offlineEnv(), ...extraEnv },
      timeout: 110_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr, outdir };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, outdir };
  }
}

const prodContext = [
  ['stage', 'prod'],
  ['jwtIssuer', ISSUER],
  ['jwtAudience', 'web-client'],
  ['secretArn', SECRET_ARN],
  ['alarmEmail', 'oncall@example.com'],
  ['domainName', 'tokens.example.com'],
  ['certificateArn', CERT_ARN],
  ['compatRoutes', 'true'],
  ['corsAllowOrigins', 'https://app.example.com'],
].flatMap(([key, value]) => ['-c', `${key}=${value}`]);

describe('cdk synth (the real CLI, offline, no credentials)', () => {
  beforeAll(async () => {
    // The root `pnpm test` builds every package first; when run alone, build the Lambda bundle here.
    if (!existsSync(join(DEFAULT_LAMBDA_CODE_DIR, 'index.mjs'))) {
      await run('pnpm', ['--filter', '@tokenfn/aws-lambda', 'build'], { cwd: infraDir, timeout: 110_000 });
    }
    requireLambdaBundle(DEFAULT_LAMBDA_CODE_DIR);
  });

  it('synthesises prod with the built @tokenfn/aws-lambda bundle and no cdk-nag finding', async () => {
    const bundleBefore = sha256(join(DEFAULT_LAMBDA_CODE_DIR, 'index.mjs'));
    // The secret's region: without it the CLI targets us-east-1, and the stack refuses a secret elsewhere.
    const result = await cdkSynth(prodContext, { AWS_REGION: 'eu-west-1' });
    const bundleAfter = sha256(join(DEFAULT_LAMBDA_CODE_DIR, 'index.mjs'));
    expect(result.output).not.toMatch(/AwsSolutions-/);
    expect(result.code, result.output).toBe(0);

    const report = JSON.parse(readFileSync(join(result.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);

    const template = JSON.parse(readFileSync(join(result.outdir, 'tokenfn-prod.template.json'), 'utf8'));
    const functions = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(1);
    expect(functions[0]!.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });

    // The deployed asset is exactly the one built file.
    const assetDir = readdirSync(result.outdir).find((name) => name.startsWith('asset.'))!;
    expect(readdirSync(join(result.outdir, assetDir))).toEqual(['index.mjs']);
    const deployed = sha256(join(result.outdir, assetDir, 'index.mjs'));
    // (Another process may rebuild the bundle meanwhile; compare only when it did not.)
    if (bundleBefore === bundleAfter) expect(deployed).toBe(bundleBefore);
    expect(readFileSync(join(result.outdir, assetDir, 'index.mjs'), 'utf8')).toMatch(/\bhandler\b/);
  });

  it('synthesises the template with parameters (-c template=true): no bundle, no bootstrap, no finding', async () => {
    const result = await cdkSynth(['-c', 'template=true', '-c', 'lambdaCodeDir=/nonexistent']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/AwsSolutions-|CloudFormation-Validate/);
    const report = JSON.parse(readFileSync(join(result.outdir, 'validation-report.json'), 'utf8'));
    // Only the one finding acknowledged with a reason (a parameter named like a secret holds its ARN).
    for (const plugin of report.pluginReports) expect(plugin.conclusion).toBe('success');
    expect(
      report.pluginReports.flatMap((p: { suppressedViolations?: { acknowledgedId: string }[] }) =>
        (p.suppressedViolations ?? []).map((v) => v.acknowledgedId),
      ),
    ).toEqual(['CloudFormation-Validate::W2509']);
    expect(readdirSync(result.outdir).filter((name) => name.startsWith('asset.'))).toEqual([]);
    const template = JSON.parse(readFileSync(join(result.outdir, 'tokenfn-template.template.json'), 'utf8'));
    expect(Object.keys(template.Parameters).sort()).toEqual(
      ['ApiKeyHashes', 'AuthMode', 'CodeBucket', 'CodeKey', 'JwtAudience', 'JwtIssuer', 'SecretArn'].sort(),
    );
    const fn = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties['Code']).toEqual({ S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } });
  });

  it('fails on a cdk-nag finding nobody acknowledged', async () => {
    const result = await cdkSynth([
      '--app',
      'node --import tsx tests/fixtures/app-with-unacknowledged-finding.ts',
      '-c',
      'stage=dev',
      '-c',
      `apiKeyHashes=${'a'.repeat(64)}`,
      '-c',
      `lambdaCodeDir=${makeStandInBundle()}`,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/AwsSolutions-SMG4|does not have automatic rotation/);
    expect(result.output).toContain('UnacknowledgedSecret');
  });

  it('fails with a clear message when a stage is misconfigured', async () => {
    const result = await cdkSynth(['-c', 'stage=prod', '-c', `lambdaCodeDir=${makeStandInBundle()}`]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('pass -c jwtIssuer=https://… -c jwtAudience=');
    expect(result.output).toMatch(/^tokenfn: /m);
    expect(result.output).not.toMatch(/\n\s+at /); // one clear line, no stack trace
  });

  it('a bare cdk synth (no context) says what to pass, without a stack trace', async () => {
    const result = await cdkSynth([]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/^tokenfn: .*stage/m);
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});
