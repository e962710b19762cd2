// Log hygiene: every line the handler writes, for requests that carry secrets in every place they can
// (API keys right and wrong, Authorization headers, tokens in bodies, the certificate in a body, secrets
// that fail to parse), is one JSON object with Lambda's keys and contains none of those values.
import { buildRtcToken } from '@tokenfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaHandler, type LambdaHandler } from '../src/handler';
import { SecretsManagerFake } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';
import { invoke, rtcRequest, sha256Hex } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT = 'c0ffeec0ffeec0ffeec0ffeec0ffee00';
const API_KEY = 'hygiene-api-key-7a1b2c3d4e5f';
const WRONG_KEY = 'hygiene-wrong-key-99887766';
const BEARER = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLXZhbHVl';

const fake = new SecretsManagerFake();
const logs = captureLogs();
const secrets = new SecretSet();
secrets.add(CERT, API_KEY, WRONG_KEY, BEARER);
const handlers: Record<string, LambdaHandler> = {};

beforeAll(async () => {
  const aws = awsEnvFor(await fake.start());
  // The execution role's credentials are secrets too.
  secrets.add(aws['AWS_SECRET_ACCESS_KEY'] ?? '', aws['AWS_SESSION_TOKEN'] ?? '');
  fake.putSecret('tokenfn/good', JSON.stringify({ appId: APP_ID, appCertificate: CERT }));
  fake.putSecret('tokenfn/bad', `{"appId":"${APP_ID}","appCertificate":"${CERT}",}`);
  const base = { ...aws, AUTH_MODE: 'api-key', API_KEY_HASHES: await sha256Hex(API_KEY) };
  const tuning = { requestTimeoutMs: 200, maxAttempts: 2 };
  for (const id of ['good', 'bad']) {
    handlers[id] = createLambdaHandler({
      env: { ...base, AGORA_SECRET_ID: `tokenfn/${id}` },
      writeLog: logs.write,
      secretsManager: tuning,
    });
  }
  handlers['jwt'] = createLambdaHandler({
    env: {
      AUTH_MODE: 'jwt',
      JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json', // nothing listens there
      JWT_ISSUER: 'https://issuer.example',
      JWT_AUDIENCE: 'tokenfn',
      AGORA_SECRET_ID: 'tokenfn/good',
      ...aws,
    },
    writeLog: logs.write,
    secretsManager: tuning,
  });
});

afterAll(async () => {
  await fake.close();
});

const post = (path: string, body: string, headers: Record<string, string>) =>
  new Request(`https://api.example.com${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('log hygiene', () => {
  it('no log line contains the certificate, a token, an API key or an Authorization value', async () => {
    const token = buildRtcToken(
      { appId: APP_ID, appCertificate: CERT },
      { channel: 'c', uid: 1, role: 'publisher', expiresIn: 60 },
    );
    secrets.add(token);
    const good = handlers['good']!;
    const requests: [LambdaHandler, Request][] = [
      [good, rtcRequest(API_KEY)],
      [good, rtcRequest(WRONG_KEY)],
      [
        good,
        post('/v1/tokens/rtc', JSON.stringify({ channel: 'c', uid: 1 }), {
          authorization: `Bearer ${BEARER}`,
        }),
      ],
      [good, post('/v1/tokens/inspect', JSON.stringify({ token }), { 'x-api-key': API_KEY })],
      [good, post('/v1/tokens/inspect', JSON.stringify({ token: `${token}x` }), { 'x-api-key': API_KEY })],
      [
        good,
        post('/v1/tokens/rtm', `{"userId": "${CERT}", "expiresIn": "${API_KEY}"`, { 'x-api-key': API_KEY }),
      ],
      [
        good,
        post('/v1/tokens/rtm', JSON.stringify({ userId: CERT, appCertificate: CERT }), {
          'x-api-key': API_KEY,
        }),
      ],
      [
        good,
        new Request(`https://api.example.com/rtc/c/publisher/uid/1?expiry=60&key=${API_KEY}`, {
          headers: { 'x-api-key': API_KEY },
        }),
      ],
      [handlers['bad']!, rtcRequest(API_KEY)],
      [
        handlers['jwt']!,
        post('/v1/tokens/rtm', JSON.stringify({ userId: 'u', expiresIn: 60 }), {
          authorization: `Bearer ${BEARER}`,
        }),
      ],
    ];
    const statuses: number[] = [];
    for (const [handler, request] of requests) {
      for (const version of ['v2', 'v1'] as const) {
        const response = await invoke(handler, request.clone(), version);
        statuses.push(response.status);
        if (response.headers.get('content-type')?.includes('json'))
          secrets.addTokensFrom(await response.json());
      }
    }
    expect(statuses).toContain(200);
    expect(statuses).toContain(401);
    expect(statuses).toContain(503);
    expect(logs.lines.length).toBeGreaterThan(requests.length);
    for (const entry of logs.entries()) {
      expect(entry).toMatchObject({
        level: expect.stringMatching(/^(INFO|WARN|ERROR)$/),
        message: expect.any(String),
      });
      expect(typeof entry['timestamp']).toBe('string');
    }
    expect(logs.entries().filter((e) => e['requestId']).length).toBeGreaterThan(requests.length);
    expectCleanLogs(logs.lines, secrets);
  });

  it('the check itself fails on a leaked value, an Authorization member or a token', () => {
    const s = new SecretSet();
    s.add(CERT);
    expect(() => expectCleanLogs([JSON.stringify({ message: `x ${CERT.toUpperCase()}` })], s)).toThrow();
    expect(() => expectCleanLogs([JSON.stringify({ headers: { Authorization: 'x' } })], s)).toThrow();
    expect(() => expectCleanLogs([JSON.stringify({ message: `007${'A'.repeat(60)}` })], s)).toThrow();
    expect(() => expectCleanLogs([JSON.stringify({ message: 'fine', level: 'INFO' })], s)).not.toThrow();
  });
});
