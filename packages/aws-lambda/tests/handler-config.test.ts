// Handler configuration: AUTH_MODE=gateway with API Gateway's verified claims, local credentials from
// the environment, and a misconfigured function (a clear init log line, a 500 that says nothing inside).
import { verifyToken } from '@tokenfn/core';
import { describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../src/handler';
import { invoke } from './support/invoke';
import { captureLogs, expectCleanLogs, SecretSet } from './support/log-capture';

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const localEnv = { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT };
const AWS_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AWS_SESSION = 'session-token-that-must-not-be-logged';

const rtm = (body: unknown) =>
  new Request('https://api.example.com/v1/tokens/rtm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('AUTH_MODE=gateway', () => {
  const logs = captureLogs();
  const secrets = new SecretSet();
  secrets.add(CERT);
  const handler = createLambdaHandler({
    env: { ...localEnv, AUTH_MODE: 'gateway', JWT_UID_CLAIM: 'sub' },
    writeLog: logs.write,
  });
  const jwtAuthorizer = (claims: Record<string, unknown>) => ({ jwt: { claims, scopes: null } });

  it.each(['v2', 'v1'] as const)(
    '%s: the claims of the API Gateway authorizer are the identity',
    async (version) => {
      const response = await invoke(handler, rtm({ expiresIn: 600 }), version, {
        authorizer: jwtAuthorizer({ sub: 'alice', iss: 'https://issuer.example' }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { token: string; userId: string };
      secrets.add(body.token);
      expect(body.userId).toBe('alice'); // defaulted from the bound claim
      expect(verifyToken(body.token, CERT)).toBe(true);
      const line = logs.entries().find((e) => e['route'] === '/v1/tokens/rtm' && e['status'] === 200);
      expect(line?.['subject']).toBe('alice');
    },
  );

  it('REST API Cognito authorizer claims (authorizer.claims) work the same', async () => {
    const response = await invoke(handler, rtm({ userId: 'bob', expiresIn: 60 }), 'v1', {
      authorizer: { claims: { sub: 'bob' } },
    });
    expect(response.status).toBe(200);
    secrets.addTokensFrom(await response.json());
  });

  it('no claims in the event: 401; claims of someone else: 403', async () => {
    const none = await invoke(handler, rtm({ userId: 'alice', expiresIn: 60 }));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBeTruthy();
    const other = await invoke(handler, rtm({ userId: 'alice', expiresIn: 60 }), 'v2', {
      authorizer: jwtAuthorizer({ sub: 'mallory' }),
    });
    expect(other.status).toBe(403);
    expectCleanLogs(logs.lines, secrets);
  });
});

describe('credentials and configuration', () => {
  it('local use: AGORA_APP_ID/AGORA_APP_CERTIFICATE without AGORA_SECRET_ID, with a warning line', async () => {
    const logs = captureLogs();
    const handler = createLambdaHandler({
      env: { ...localEnv, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' },
      writeLog: logs.write,
    });
    const response = await invoke(handler, rtm({ userId: 'u1', expiresIn: 60 }));
    expect(response.status).toBe(200);
    expect(logs.entries()[0]).toMatchObject({
      level: 'WARN',
      message: expect.stringContaining('AGORA_SECRET_ID'),
    });
    for (const line of logs.lines) expect(line).not.toContain(CERT);
  });

  // Production configuration (AGORA_SECRET_ID) with the AWS variables Lambda sets, one of them broken per case.
  const secretsManagerEnv = {
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: 'a'.repeat(64),
    AGORA_SECRET_ID: 'tokenfn/agora',
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY,
    AWS_SESSION_TOKEN: AWS_SESSION,
  };

  it.each([
    ['an invalid AUTH_MODE', { ...localEnv, AUTH_MODE: 'password' }, 'AUTH_MODE'],
    [
      'no credentials configured at all',
      { AUTH_MODE: 'api-key', API_KEY_HASHES: 'a'.repeat(64) },
      'AGORA_SECRET_ID',
    ],
    ['AGORA_SECRET_ID without AWS_REGION', { ...secretsManagerEnv, AWS_REGION: undefined }, 'AWS_REGION'],
    [
      'an AWS_REGION that is not a region name',
      { ...secretsManagerEnv, AWS_REGION: 'us-east-1.evil.example' },
      'AWS_REGION',
    ],
    [
      'a FIPS pseudo-region as AWS_REGION',
      { ...secretsManagerEnv, AWS_REGION: 'fips-us-east-1' },
      'AWS_REGION',
    ],
    [
      'an AWS_ENDPOINT_URL_SECRETS_MANAGER that is not an http(s) URL',
      { ...secretsManagerEnv, AWS_ENDPOINT_URL_SECRETS_MANAGER: 'ftp://127.0.0.1:4566' },
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    ],
    [
      'an AWS_ENDPOINT_URL that is not a URL at all',
      { ...secretsManagerEnv, AWS_ENDPOINT_URL: '127.0.0.1:4566' },
      'AWS_ENDPOINT_URL',
    ],
    [
      'a custom endpoint together with AWS_USE_FIPS_ENDPOINT=true',
      {
        ...secretsManagerEnv,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4566',
        AWS_USE_FIPS_ENDPOINT: 'true',
      },
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    ],
    [
      'AWS_USE_FIPS_ENDPOINT neither true nor false',
      { ...secretsManagerEnv, AWS_USE_FIPS_ENDPOINT: '1' },
      'AWS_USE_FIPS_ENDPOINT',
    ],
  ] as [string, Record<string, string | undefined>, string][])(
    '%s: a clear ERROR line at init, then 500 without internals',
    async (_name, env, variable) => {
      const logs = captureLogs();
      const handler = createLambdaHandler({ env, writeLog: logs.write });
      const [init] = logs.entries();
      expect(init).toMatchObject({
        level: 'ERROR',
        message: 'configuration invalid',
        code: 'ERR_CONFIG',
        variable,
        reason: expect.stringContaining(variable),
      });
      for (const version of ['v2', 'v1'] as const) {
        const response = await invoke(handler, new Request('https://api.example.com/healthz'), version);
        expect(response.status).toBe(500);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        const text = await response.text();
        expect(text).not.toContain(variable);
        expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION' });
      }
      // one init line, then one line per refused request, each with the invocation's requestId
      const refused = logs.entries().filter((e) => e['message'] === 'request refused: configuration invalid');
      expect(refused).toHaveLength(2);
      expect(logs.entries().filter((e) => e['message'] === 'configuration invalid')).toHaveLength(1);
      // No value of the environment in the log (the longer ones, which can be told apart): not the AWS
      // credentials, not the misconfigured value itself.
      const logged = logs.lines.join('\n');
      for (const [name, value] of Object.entries(env)) {
        if (
          value &&
          value.length >= 8 &&
          !['AUTH_MODE', 'AGORA_SECRET_ID', 'API_KEY_HASHES'].includes(name)
        ) {
          expect(logged).not.toContain(value);
        }
      }
    },
  );

  it('local use with only one of the two variables: 503 naming the missing one, never its value', async () => {
    const logs = captureLogs();
    const handler = createLambdaHandler({
      env: { AGORA_APP_ID: APP_ID, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' },
      writeLog: logs.write,
    });
    const response = await invoke(handler, rtm({ userId: 'u1', expiresIn: 60 }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'ERR_CREDENTIALS_UNAVAILABLE' });
    expect(logs.lines.join('\n')).toContain('AGORA_APP_CERTIFICATE is not set');
  });

  it('headers a Request cannot hold do not fail the invocation: the app answers', async () => {
    const handler = createLambdaHandler({
      env: { ...localEnv, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' },
      writeLog: () => {},
    });
    const result = await handler({
      version: '2.0',
      rawPath: '/v1/tokens/rtm',
      rawQueryString: '',
      headers: { host: 'a b', 'content-type': 'application/json', 'x-note': '中', 'bad name': 'x' },
      body: JSON.stringify({ userId: 'u1', expiresIn: 60 }),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST' }, stage: '$default', domainName: 'api.example.com' },
    });
    expect(result.statusCode).toBe(200);
  });

  it('an event that is not from API Gateway or a Function URL fails the invocation', async () => {
    const handler = createLambdaHandler({
      env: { ...localEnv, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' },
      writeLog: () => {},
    });
    await expect(handler({ Records: [] } as never)).rejects.toThrow(/Unsupported event/);
  });
});
