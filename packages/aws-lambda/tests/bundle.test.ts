// The BUILT bundle, dist/index.mjs, imported by a fresh Node process (as Lambda's runtime does),
// answers API Gateway events with the secret from the loopback Secrets Manager (signed requests the fake
// verifies), without building a Web Request or Response on the way.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyToken } from '@tokenfn/core';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsExtensionFake } from './fakes/secrets-extension';
import { FAKE_CREDENTIALS, SecretsManagerFake } from './fakes/secrets-manager';
import { v1EventFromRequest, v2EventFromRequest } from './support/api-gateway-events';
import { awsEnvFor } from './support/aws-env';
import { BUNDLE, buildBundle } from './support/build-bundle';
import { rtcRequest, sha256Hex } from './support/invoke';
import { expectCleanLogs, SecretSet } from './support/log-capture';
import { spawnFirstEvent } from './support/spawn-first-event';

const APP_ID = 'abcdefabcdefabcdefabcdefabcdef01';
const CERT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const API_KEY = 'bundle-test-api-key-0123456789';

const fake = new SecretsManagerFake();
const secrets = new SecretSet();
secrets.add(CERT, API_KEY);
let env: Record<string, string>;
const allLogLines: string[] = [];

beforeAll(async () => {
  buildBundle();
  const endpoint = await fake.start();
  fake.putSecret('tokenfn/bundle', JSON.stringify({ appId: APP_ID, appCertificate: CERT }));
  env = {
    ...awsEnvFor(endpoint),
    AGORA_SECRET_ID: 'tokenfn/bundle',
    AUTH_MODE: 'api-key',
    API_KEY_HASHES: await sha256Hex(API_KEY),
  };
}, 60_000);

afterAll(async () => {
  expectCleanLogs(allLogLines, secrets);
  await fake.close();
});

describe('dist/index.mjs', () => {
  it('is one minified ESM file with a source map, exporting handler', () => {
    const code = readFileSync(BUNDLE, 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    const map = JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8'));
    expect(map.sources.some((s: string) => s.endsWith('src/lambda-entry.ts'))).toBe(true);
    expect(code.split('\n').length).toBeLessThan(200);
  });

  it.each(['v2', 'v1'] as const)(
    'answers a %s event in a fresh process with a token signed by the secret',
    async (version) => {
      const request = rtcRequest(API_KEY);
      const event = version === 'v2' ? await v2EventFromRequest(request) : await v1EventFromRequest(request);
      const run = await spawnFirstEvent({ ...env, TOKENFN_AWS_REQUEST_ID: `req-${version}` }, event);
      allLogLines.push(...run.logLines, ...run.stderr.split('\n'));
      expect(run.result.statusCode).toBe(200);
      const body = JSON.parse(run.result.body) as {
        token: string;
        appId: string;
        channel: string;
        uid: number;
      };
      secrets.add(body.token);
      expect(body).toMatchObject({ appId: APP_ID, channel: 'room-1', uid: 42 });
      expect(verifyToken(body.token, CERT)).toBe(true);
      if (version === 'v2') expect(run.result.headers?.['cache-control']).toBe('no-store');
      else expect(run.result.multiValueHeaders?.['cache-control']).toEqual(['no-store']);
      // Every stdout line is one JSON object with the keys Lambda's JSON log format uses.
      expect(run.logLines.length).toBeGreaterThan(0);
      for (const line of run.logLines) {
        const entry = JSON.parse(line);
        expect(entry).toMatchObject({
          level: expect.stringMatching(/^(INFO|WARN|ERROR)$/),
          message: expect.any(String),
        });
        expect(Number.isNaN(Date.parse(entry.timestamp))).toBe(false);
      }
      const requestLines = run.logLines
        .map((l) => JSON.parse(l))
        .filter((e) => e.requestId === `req-${version}`);
      expect(requestLines.length).toBeGreaterThan(0);
    },
  );

  it("answers without loading Node's fetch implementation (undici): event -> exchange -> result", async () => {
    const run = await spawnFirstEvent(
      { ...env, TOKENFN_REPORT_MODULES: '1' },
      await v2EventFromRequest(rtcRequest(API_KEY)),
    );
    allLogLines.push(...run.logLines);
    expect(run.result.statusCode).toBe(200);
    const modules = JSON.parse(run.stderr.match(/^MODULES (.*)$/m)?.[1] ?? 'null') as string[];
    expect(modules).toContain('NativeModule http'); // the store client's (a loopback endpoint: plain http)
    expect(modules).not.toContain('NativeModule internal/deps/undici/undici');
    expect(modules).not.toContain('NativeModule perf_hooks'); // the latency timer is process.hrtime
    expect(fake.requests.every((r) => r.signature === 'valid')).toBe(true);
  });

  it('through the Parameters and Secrets extension: answers without loading TLS or the fetch implementation', async () => {
    const extension = new SecretsExtensionFake(FAKE_CREDENTIALS.sessionToken);
    const port = await extension.start();
    try {
      extension.putSecret('tokenfn/bundle', JSON.stringify({ appId: APP_ID, appCertificate: CERT }));
      const { AWS_ENDPOINT_URL_SECRETS_MANAGER: _direct, ...rest } = env;
      const run = await spawnFirstEvent(
        { ...rest, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port), TOKENFN_REPORT_MODULES: '1' },
        await v2EventFromRequest(rtcRequest(API_KEY)),
      );
      allLogLines.push(...run.logLines);
      expect(run.result.statusCode).toBe(200);
      const body = JSON.parse(run.result.body) as { token: string };
      secrets.add(body.token);
      expect(verifyToken(body.token, CERT)).toBe(true);
      expect(extension.requests).toEqual([{ secretId: 'tokenfn/bundle', tokenValid: true }]);
      const modules = JSON.parse(run.stderr.match(/^MODULES (.*)$/m)?.[1] ?? 'null') as string[];
      expect(modules).not.toContain('NativeModule tls');
      expect(modules).not.toContain('NativeModule https');
      expect(modules).not.toContain('NativeModule internal/deps/undici/undici');
    } finally {
      await extension.close();
    }
  });

  it("AUTH_MODE=jwt: jose fetches the JWKS with Node's own fetch", async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'bundle-1', alg: 'ES256', use: 'sig' };
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const jwt = await new SignJWT({ sub: 'user-7' })
        .setProtectedHeader({ alg: 'ES256', kid: 'bundle-1' })
        .setIssuer('https://issuer.test/')
        .setAudience('tokenfn')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      secrets.add(jwt);
      const request = new Request('https://api.example.com/v1/tokens/rtc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({ channel: 'room-1', uid: 42 }),
      });
      const { port } = server.address() as AddressInfo;
      const run = await spawnFirstEvent(
        {
          ...env,
          AUTH_MODE: 'jwt',
          JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
          JWT_ISSUER: 'https://issuer.test/',
          JWT_AUDIENCE: 'tokenfn',
        },
        await v2EventFromRequest(request),
      );
      allLogLines.push(...run.logLines);
      expect(run.result.statusCode).toBe(200);
      const body = JSON.parse(run.result.body) as { token: string };
      secrets.add(body.token);
      expect(verifyToken(body.token, CERT)).toBe(true);
      expect(run.logLines.some((l) => l.includes('"subject":"user-7"'))).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  it('a missing secret: the process still starts, answers 503 and logs why', async () => {
    const request = rtcRequest(API_KEY);
    const run = await spawnFirstEvent(
      { ...env, AGORA_SECRET_ID: 'tokenfn/absent' },
      await v2EventFromRequest(request),
    );
    allLogLines.push(...run.logLines);
    expect(run.result.statusCode).toBe(503);
    expect(run.logLines.some((l) => l.includes('ResourceNotFoundException'))).toBe(true);
  });
});
