import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAMBDA_CODE_DIR, requireLambdaBundle } from '../lib/lambda-bundle';
import { startSecretsManagerStub } from './support/secrets-manager-stub';
import { ISSUER, SECRET_ARN, synth } from './support/synth';

// The built bundle, run as the stack configures it: the template's environment, the template's route
// keys, claims as the JWT authorizer passes them, the real AWS SDK against a loopback Secrets Manager.

const run = promisify(execFile);
const infraDir = fileURLToPath(new URL('..', import.meta.url));
const APP_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const APP_CERTIFICATE = '13579bdf02468ace13579bdf02468ace';

interface Result {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

function httpApiEvent(method: string, routeKey: string, path: string, body?: unknown): unknown {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'content-type': 'application/json',
      'user-agent': 'infra-test',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'infra-test' },
      requestId: `req-${routeKey}`,
      routeKey,
      stage: '$default',
      time: '28/Nov/2026:02:30:00 +0000',
      timeEpoch: 1_795_833_000_000,
      authorizer: { jwt: { claims: { sub: 'user-42', iss: ISSUER, aud: 'web-client' }, scopes: null } },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/** Imports the bundle in a fresh Node process (the Lambda init) and hands it each event in turn. */
async function invoke(env: Record<string, string>, events: unknown[]): Promise<Result[]> {
  const bundle = pathToFileURL(join(DEFAULT_LAMBDA_CODE_DIR, 'index.mjs')).href;
  const script = `
    const { handler } = await import(${JSON.stringify(bundle)});
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const results = [];
    for (const event of JSON.parse(input)) results.push(await handler(event, { awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 }));
    process.stdout.write('\\n@@RESULTS@@' + JSON.stringify(results));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: infraDir,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin.end(JSON.stringify(events));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  const marker = stdout.lastIndexOf('@@RESULTS@@');
  if (code !== 0 || marker < 0) throw new Error(`bundle process failed (${code}): ${stderr.slice(-2000)}`);
  return JSON.parse(stdout.slice(marker + '@@RESULTS@@'.length)) as Result[];
}

describe('the built bundle with the environment of the prod stack', () => {
  let env: Record<string, string>;
  let stub: Awaited<ReturnType<typeof startSecretsManagerStub>>;

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_LAMBDA_CODE_DIR, 'index.mjs'))) {
      await run('pnpm', ['--filter', '@tokenfn/aws-lambda', 'build'], { cwd: infraDir, timeout: 110_000 });
    }
    requireLambdaBundle(DEFAULT_LAMBDA_CODE_DIR);
    const { template } = synth({
      stage: 'prod',
      jwtIssuer: ISSUER,
      jwtAudience: 'web-client',
      secretArn: SECRET_ARN,
      compatRoutes: 'true',
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
      Properties: { Environment: { Variables: Record<string, string> } };
    };
    stub = await startSecretsManagerStub(
      SECRET_ARN,
      JSON.stringify({ appId: APP_ID, appCertificate: APP_CERTIFICATE }),
    );
    env = {
      ...fn.Properties.Environment.Variables,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: stub.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: 'tokenfn-prod-test',
    };
  });

  afterAll(async () => {
    await stub?.close();
  });

  it('answers health, readiness, the contract document and issues a verifiable RTC token', async () => {
    const [healthz, readyz, openapi, rtc] = await invoke(env, [
      httpApiEvent('GET', 'GET /healthz', '/healthz'),
      httpApiEvent('GET', 'GET /readyz', '/readyz'),
      httpApiEvent('GET', 'GET /openapi.json', '/openapi.json'),
      httpApiEvent('POST', 'POST /v1/tokens/rtc', '/v1/tokens/rtc', {
        channel: 'demo',
        uid: 42,
        role: 'publisher',
      }),
    ]);
    expect(healthz?.statusCode).toBe(200);
    expect(readyz?.statusCode).toBe(200);
    expect(openapi?.statusCode).toBe(200);
    expect(rtc?.statusCode, rtc?.body).toBe(200);
    const issued = JSON.parse(rtc!.body!) as { token: string; appId: string; channel: string };
    expect(issued).toMatchObject({ appId: APP_ID, channel: 'demo' });
    expect(issued.token.startsWith('007')).toBe(true);
    // It read the one secret the IAM policy names, by the id the stack gave it.
    expect(new Set(stub.requestedIds)).toEqual(new Set([SECRET_ARN]));

    const [inspected] = await invoke(env, [
      httpApiEvent('POST', 'POST /v1/tokens/inspect', '/v1/tokens/inspect', { token: issued.token }),
    ]);
    expect(inspected?.statusCode, inspected?.body).toBe(200);
    expect(JSON.parse(inspected!.body!)).toMatchObject({ signatureValid: true, expired: false });
  });

  it('serves every compatibility route the stack declares (none is a 404)', async () => {
    const requests = [
      ['GET', 'GET /ping', '/ping'],
      ['GET', 'GET /rtc/{channelName}/{role}/{tokenType}/{rtcuid}', '/rtc/demo/publisher/uid/42'],
      ['GET', 'GET /rtm/{rtmuid}', '/rtm/user-42'],
      ['GET', 'GET /rte/{channelName}/{role}/{tokenType}/{rtcuid}', '/rte/demo/publisher/uid/42'],
      [
        'GET',
        'GET /rte/{channelName}/{role}/{tokenType}/{rtcuid}/{rtmuid}',
        '/rte/demo/publisher/uid/42/user-42',
      ],
      ['GET', 'GET /chat/account/{chatid}', '/chat/account/user-42'],
    ] as const;
    const results = await invoke(
      env,
      requests.map(([method, routeKey, path]) => httpApiEvent(method, routeKey, path)),
    );
    results.forEach((result, i) => {
      expect(result.statusCode, `${requests[i]![2]}: ${result.body}`).toBe(200);
    });
    // Reached the application, whatever its policy or body rules answer (chat app tokens need a claim).
    const [getToken, chatApp] = await invoke(env, [
      httpApiEvent('POST', 'POST /getToken', '/getToken', { tokenType: 'rtc', channel: 'demo', uid: '42' }),
      httpApiEvent('GET', 'GET /chat/app', '/chat/app'),
    ]);
    expect(getToken?.statusCode, getToken?.body).not.toBe(404);
    expect(chatApp?.statusCode, chatApp?.body).not.toBe(404);
  });
});
