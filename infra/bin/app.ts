#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addTokenApi } from '../lib/token-api-app';

const app = new App();
addTokenApi(app);
app.synth();
