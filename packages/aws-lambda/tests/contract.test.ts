// The shared HTTP contract suite, run against the Lambda handler through real API Gateway events:
// each Request of the suite becomes a payload 2.0 (HTTP API) or 1.0 (REST API) event, the handler's
// result becomes the Response the client would see. Credentials come from the loopback Secrets Manager.
import {
  CONTRACT_API_KEY,
  CONTRACT_ENV,
  type ContractTarget,
  defineContractSuite,
} from '@tokenfn/contract-tests';
import { afterAll, beforeAll, expect } from 'vitest';
import { createLambdaHandler, type LambdaHandler } from '../src/handler';
import { SecretsManagerFake } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';
import { invoke, type PayloadVersion } from './support/invoke';
import { captureLogs, expectCleanLogs, recordingSecrets, SecretSet } from './support/log-capture';

const fake = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
let handler: LambdaHandler;

const { AGORA_APP_ID, AGORA_APP_CERTIFICATE, ...envWithoutCredentials } = CONTRACT_ENV;
secrets.add(AGORA_APP_CERTIFICATE, CONTRACT_API_KEY);

beforeAll(async () => {
  const aws = awsEnvFor(await fake.start());
  fake.putSecret(
    'tokenfn/contract',
    JSON.stringify({ appId: AGORA_APP_ID, appCertificate: AGORA_APP_CERTIFICATE }),
  );
  handler = createLambdaHandler({
    env: { ...envWithoutCredentials, ...aws, AGORA_SECRET_ID: 'tokenfn/contract' },
    writeLog: logs.write,
  });
});

afterAll(async () => {
  // Log hygiene over everything the suites made the handler log.
  expect(logs.lines.length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThan(10); // the certificate, the API key and the tokens handed out
  for (const entry of logs.entries()) expect(entry).toHaveProperty('level');
  expectCleanLogs(logs.lines, secrets);
  expect(fake.getSecretValueCalls).toBe(1);
  await fake.close();
});

function target(version: PayloadVersion): ContractTarget {
  return { fetch: recordingSecrets(secrets, (request) => invoke(handler, request, version)) };
}

defineContractSuite('aws-lambda: API Gateway HTTP API (payload 2.0)', () => target('v2'));
defineContractSuite('aws-lambda: API Gateway REST API (payload 1.0)', () => target('v1'));
