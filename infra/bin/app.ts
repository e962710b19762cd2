#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { StageConfigError } from '../lib/config';
import { LambdaBundleMissingError } from '../lib/lambda-bundle';
import { addTokenApi } from '../lib/token-api-app';

const app = new App();
try {
  addTokenApi(app);
} catch (error) {
  // A configuration mistake is one clear line, not a stack trace.
  if (error instanceof StageConfigError || error instanceof LambdaBundleMissingError) {
    console.error(`tokenfn: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
app.synth();
