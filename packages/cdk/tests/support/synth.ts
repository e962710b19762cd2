import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { lambdaCodeFromDirectory } from '../../src/token-function';
import { standInBundleDir, synthOutDir } from '../../testing/index.js';

export { API_KEY_HASH, ISSUER, SECRET_ARN } from '../../testing/index.js';
export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:oncall';

/** An App writing its cloud assembly under the run's temporary directory, with cdk-nag's AWS Solutions checks. */
export function newApp(): App {
  const app = new App({ outdir: synthOutDir() });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Someone else's stack, as a construct library user has one. */
export function userStack(app: App = newApp()): Stack {
  return new Stack(app, 'PlatformStack', { env: { account: '123456789012', region: 'eu-west-1' } });
}

/** The run's stand-in bundle (testing/global-setup.ts) as the function's code. */
export function standInCode() {
  return lambdaCodeFromDirectory(standInBundleDir());
}

/** Synthesises the stack (cdk-nag runs: synthesis fails on any unacknowledged finding). */
export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };

export function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function only(template: Template, type: string): Resource {
  const found = Object.values(resources(template, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resource;
}

/**
 * A CloudFormation string value as text: `Fn::Join` pieces joined, each `Ref`/`Fn::GetAtt` written as
 * `<LogicalId>` (a dashboard body is a Join of JSON text and references).
 */
export function cfnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(cfnText).join(sep);
    }
    if ('Ref' in v) return `<${String(v['Ref'])}>`;
    if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return JSON.stringify(value);
}
