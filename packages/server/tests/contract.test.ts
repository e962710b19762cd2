// The shared HTTP contract suite against the local server (src/server.ts) over real HTTP on loopback.

import { CONTRACT_API_KEY, CONTRACT_ENV, defineContractSuite } from '@tokenfn/contract-tests';
import { sendOverHttp } from '@tokenfn/contract-tests/http-client';
import { expectCleanLogs, recordingSecrets, SecretSet } from '@tokenfn/contract-tests/log-hygiene';
import { LogCapture } from '@tokenfn/http/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startServer } from '../src/server.js';

const logs = new LogCapture();
const secrets = new SecretSet();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: CONTRACT_ENV, host: '127.0.0.1', port: 0, logger: logs.logger });
});

afterAll(async () => {
  await server.close();
  // log hygiene over every line the suite made the server write
  expect(logs.lines.length).toBeGreaterThan(50);
  secrets.add(CONTRACT_ENV['AGORA_APP_CERTIFICATE'], CONTRACT_API_KEY);
  expectCleanLogs(logs.lines, secrets);
  for (const e of logs.entries()) {
    if (e['message'] === 'request') expect(e).toHaveProperty('requestId');
  }
});

defineContractSuite('local server over HTTP', () => ({
  fetch: recordingSecrets(secrets, (request) => sendOverHttp(server.url, request)),
}));
