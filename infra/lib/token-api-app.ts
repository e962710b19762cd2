import { type SecretSource, TokenApiTemplateStack } from '@tokenfn/cdk';
import { type App, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StageConfigError } from './config';
import { DEFAULT_LAMBDA_CODE_DIR, requireLambdaBundle } from './lambda-bundle';
import { resolveStageConfig } from './stages';
import { TokenApiStack } from './token-api-stack';

/**
 * Adds the stage chosen by context (`-c stage=dev|prod …`) to `app` and applies cdk-nag's AWS Solutions
 * checks to the whole app: synthesis fails on any finding that is not acknowledged with a reason.
 */
export function addTokenApi(app: App): TokenApiStack {
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const config = resolveStageConfig(read);
  const codeDir = read('lambdaCodeDir');
  const lambdaCodeDir = requireLambdaBundle(
    typeof codeDir === 'string' && codeDir !== '' ? codeDir : DEFAULT_LAMBDA_CODE_DIR,
  );
  const stack = new TokenApiStack(app, `tokenfn-${config.stage}`, {
    config,
    lambdaCodeDir,
    description: `tokenfn (${config.stage}): Agora access tokens on AWS Lambda behind an HTTP API`,
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
    tags: { project: 'tokenfn', stage: config.stage },
  });
  checkSecretLocation(config.secret, stack.region, stack.account);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/**
 * Adds the CloudFormation template with parameters (`-c template=true`): the secret, the authentication
 * and the code's S3 location are filled in when the template is deployed, so it needs no context, no
 * bundle and no CDK bootstrap. cdk-nag checks it like the stages.
 */
export function addTokenApiTemplate(app: App): TokenApiTemplateStack {
  const stack = new TokenApiTemplateStack(app, 'tokenfn-template', {
    description: 'tokenfn: Agora access tokens on AWS Lambda behind an HTTP API (template with parameters)',
    tags: { project: 'tokenfn' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/**
 * A secret given by its ARN must live in the region and account the stack deploys to (when both are
 * known at synth time): a CLI whose default region differs would otherwise deploy a function that cannot
 * read its secret, and fail only at the first request.
 */
export function checkSecretLocation(secret: SecretSource, stackRegion: string, stackAccount: string): void {
  if (secret.kind !== 'complete-arn') return;
  const [, , , region, account] = secret.arn.split(':');
  if (!Token.isUnresolved(stackRegion) && region !== stackRegion) {
    throw new StageConfigError(
      `secretArn is in region ${region}, but the stack deploys to ${stackRegion} (CDK_DEFAULT_REGION, from your ` +
        `AWS CLI profile or AWS_REGION): deploy to ${region}, or use a secret in ${stackRegion}`,
    );
  }
  if (!Token.isUnresolved(stackAccount) && account !== stackAccount) {
    throw new StageConfigError(
      `secretArn is in account ${account}, but the stack deploys to account ${stackAccount}: ` +
        "use the credentials of the secret's account, or a secret in this one",
    );
  }
}
