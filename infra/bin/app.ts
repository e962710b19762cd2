#!/usr/bin/env node
import { TokenApiConfigError } from '@tokenfn/cdk';
import { App } from 'aws-cdk-lib';
import { StageConfigError } from '../lib/config';
import { LambdaBundleMissingError } from '../lib/lambda-bundle';
import { addTokenApi, addTokenApiTemplate } from '../lib/token-api-app';

const app = new App();
try {
  const template = app.node.tryGetContext('template');
  if (template === true || template === 'true') addTokenApiTemplate(app);
  else addTokenApi(app);
} catch (error) {
  // A configuration mistake is one clear line, not a stack trace.
  if (
    error instanceof StageConfigError ||
    error instanceof TokenApiConfigError ||
    error instanceof LambdaBundleMissingError
  ) {
    console.error(`tokenfn: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
app.synth();
