import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
