// What the platform adapters share: createAppFromEnv (build once, refuse a misconfiguration with a 500
// problem), variableCredentials, credentialStoreFailure and formatLogLine.

import { verifyToken } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { describe, expect, it } from 'vitest';
import type { CredentialSource } from '../src/index.js';
import {
  ConfigError,
  CredentialsUnavailableError,
  createAppFromEnv,
  credentialStoreFailure,
  credentialVariablesForm,
  formatLogLine,
  loadConfig,
  variableCredentials,
} from '../src/index.js';

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const OPEN = { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' };
const rtm = () =>
  new Request('https://t.test/v1/tokens/rtm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'u1', expiresIn: 60 }),
  });

async function rejection(p: Promise<unknown>): Promise<CredentialsUnavailableError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CredentialsUnavailableError);
  return err as CredentialsUnavailableError;
}

describe('createAppFromEnv', () => {
  it('builds the app once; credentials come from the given source through the cache', async () => {
    const logs = new LogCapture();
    let reads = 0;
    const source: CredentialSource = {
      get: async () => {
        reads++;
        return { appId: APP_ID, appCertificate: CERT };
      },
    };
    const app = createAppFromEnv({ env: OPEN, logger: logs.logger, credentials: () => source });
    for (let i = 0; i < 3; i++) {
      const res = await app.fetch(rtm());
      expect(res.status).toBe(200);
      expect(verifyToken(((await res.json()) as { token: string }).token, CERT)).toBe(true);
    }
    expect(reads).toBe(1);
    expect(logs.entries().filter((e) => e['message'] === 'app initialised')).toHaveLength(1);
  });

  it('takes a configuration loaded already instead of parsing env again', async () => {
    const source: CredentialSource = { get: async () => ({ appId: APP_ID, appCertificate: CERT }) };
    // env alone would refuse every token request without an API key; the loaded configuration is open
    const config = loadConfig(OPEN);
    const keyed = { AUTH_MODE: 'api-key', API_KEY_HASHES: 'a'.repeat(64) };
    const logger = new LogCapture().logger;
    expect(
      (await createAppFromEnv({ env: keyed, logger, credentials: () => source }).fetch(rtm())).status,
    ).toBe(401);
    const app = createAppFromEnv({ env: keyed, config, logger, credentials: () => source });
    expect((await app.fetch(rtm())).status).toBe(200);
  });

  it("times each request's latency with the given timer", async () => {
    const logs = new LogCapture();
    const ticks = [1000, 1012.3456];
    const source: CredentialSource = { get: async () => ({ appId: APP_ID, appCertificate: CERT }) };
    const app = createAppFromEnv({
      env: OPEN,
      logger: logs.logger,
      credentials: () => source,
      timer: () => ticks.shift() ?? Number.NaN,
    });
    expect((await app.fetch(rtm())).status).toBe(200);
    expect(logs.entries().find((e) => e['message'] === 'request')?.['latencyMs']).toBe(12.35);
  });

  it('loadCredentialsNow starts the first fetch while building', async () => {
    let reads = 0;
    createAppFromEnv({
      env: OPEN,
      logger: new LogCapture().logger,
      loadCredentialsNow: true,
      credentials: () => ({
        get: async () => {
          reads++;
          return { appId: APP_ID, appCertificate: CERT };
        },
      }),
    });
    expect(reads).toBe(1);
  });

  it.each([
    ['loadConfig', { AUTH_MODE: 'password' }, undefined, 'AUTH_MODE'],
    [
      'the platform check',
      OPEN,
      () => {
        throw new ConfigError('AUTH_MODE', 'none is not served here');
      },
      'AUTH_MODE',
    ],
  ])(
    'a ConfigError from %s: logged once, then a 500 ERR_CONFIGURATION per request',
    async (_n, env, check, variable) => {
      const logs = new LogCapture();
      const app = createAppFromEnv({
        env,
        logger: logs.logger,
        ...(check ? { check } : {}),
        credentials: () => ({ get: async () => ({ appId: APP_ID, appCertificate: CERT }) }),
      });
      const res = await app.fetch(
        new Request('https://t.test/healthz', { headers: { 'x-request-id': 'abc-1' } }),
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('x-request-id')).toBe('abc-1');
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION' });
      expect(body).not.toContain(variable);
      const [init] = logs.entries();
      expect(init).toMatchObject({
        level: 'ERROR',
        message: 'configuration invalid',
        code: 'ERR_CONFIG',
        variable,
      });
      expect(
        logs.entries().filter((e) => e['message'] === 'request refused: configuration invalid'),
      ).toHaveLength(1);
    },
  );

  it('anything else thrown while building is logged by class name only', async () => {
    const logs = new LogCapture();
    const app = createAppFromEnv({
      env: OPEN,
      logger: logs.logger,
      credentials: () => {
        throw new TypeError('s3cr3t in a message');
      },
    });
    expect((await app.fetch(new Request('https://t.test/healthz'))).status).toBe(500);
    expect(logs.lines.join('\n')).not.toContain('s3cr3t');
    expect(logs.entries()[0]?.['reason']).toBe('unexpected TypeError while building the app');
  });
});

describe('variableCredentials', () => {
  it('reads strings (trimmed) and secret bindings', async () => {
    const c = await variableCredentials({
      AGORA_APP_ID: ` ${APP_ID}\n`,
      AGORA_APP_CERTIFICATE: { get: async () => `${CERT}\n` },
    }).get();
    expect(c).toEqual({ appId: APP_ID, appCertificate: CERT });
  });

  it('names the missing, malformed or unreadable variable, never its value', async () => {
    const missing = await rejection(
      variableCredentials(
        { AGORA_APP_ID: APP_ID },
        { howToSet: { AGORA_APP_CERTIFICATE: 'put it there' } },
      ).get(),
    );
    expect(missing.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(missing.message).toBe('AGORA_APP_CERTIFICATE is not set: put it there.');
    const bad = await rejection(
      variableCredentials({ AGORA_APP_ID: 'S3cr3tNotHex', AGORA_APP_CERTIFICATE: CERT }).get(),
    );
    expect(bad.code).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(bad.message).toContain('AGORA_APP_ID is malformed');
    expect(bad.message).not.toContain('S3cr3t');
    const down = await rejection(
      variableCredentials({
        AGORA_APP_ID: APP_ID,
        AGORA_APP_CERTIFICATE: { get: () => Promise.reject(new RangeError('S3cr3t detail')) },
      }).get(),
    );
    expect(down.code).toBe('ERR_CREDENTIALS_UNAVAILABLE');
    expect(down.message).toBe(
      'AGORA_APP_CERTIFICATE: reading the secret from its store failed (RangeError).',
    );
  });
});

describe('credentialVariablesForm', () => {
  const form = (...set: string[]) => credentialVariablesForm((name) => set.includes(name));
  it('AGORA_APPS, the pair, or neither', () => {
    expect(form('AGORA_APPS')).toBe('apps');
    expect(form('AGORA_APP_ID', 'AGORA_APP_CERTIFICATE')).toBe('pair');
    expect(form('AGORA_APP_ID', 'AGORA_APP_CERTIFICATE', 'AGORA_PREVIOUS_APP_CERTIFICATE')).toBe('pair');
    expect(form()).toBe('none');
  });

  it('half of the pair or both forms: a ConfigError naming the variable to fix', () => {
    const refusal = (...set: string[]) => {
      try {
        form(...set);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).variable;
      }
      throw new Error(`accepted ${set.join(', ')}`);
    };
    expect(refusal('AGORA_APP_ID')).toBe('AGORA_APP_CERTIFICATE');
    expect(refusal('AGORA_APP_CERTIFICATE')).toBe('AGORA_APP_ID');
    expect(refusal('AGORA_PREVIOUS_APP_CERTIFICATE', 'AGORA_APP_ID')).toBe('AGORA_APP_CERTIFICATE');
    expect(refusal('AGORA_APPS', 'AGORA_APP_ID')).toBe('AGORA_APPS');
    expect(refusal('AGORA_APPS', 'AGORA_APP_CERTIFICATE')).toBe('AGORA_APPS');
  });

  it('is the rule variableCredentials reads by, a secret binding counting as set', async () => {
    const binding = { get: async () => CERT };
    const both = await rejection(
      variableCredentials({ AGORA_APPS: '{"apps":{}}', AGORA_APP_CERTIFICATE: binding }).get(),
    );
    expect(both.code).toBe('ERR_CREDENTIALS_MALFORMED');
    expect(both.message).toMatch(/^AGORA_APPS: is set, and so is AGORA_APP_ID\/AGORA_APP_CERTIFICATE/);
    const half = await rejection(variableCredentials({ AGORA_APP_CERTIFICATE: binding }).get());
    expect([half.code, half.message]).toEqual(['ERR_CREDENTIALS_UNAVAILABLE', 'AGORA_APP_ID is not set.']);
    // blank counts as not set: AGORA_APPS alone, read as the document it is
    const apps = await variableCredentials({
      AGORA_APPS: JSON.stringify({ apps: { a: { appId: APP_ID, appCertificate: CERT } } }),
      AGORA_APP_ID: '  ',
    }).get();
    expect(apps).toMatchObject({ apps: { a: { appId: APP_ID } } });
  });
});

describe('credentialStoreFailure', () => {
  it('keeps the class name and the cause, not the message', () => {
    const cause = new Error('arn:aws:secretsmanager:S3cr3t');
    cause.name = 'Throttling<Exception>';
    const e = credentialStoreFailure('Secrets Manager GetSecretValue', cause);
    expect(e.message).toBe('Secrets Manager GetSecretValue failed (ThrottlingException).');
    expect(e.cause).toBe(cause);
  });
});

describe('formatLogLine', () => {
  it('timestamp, level and message first; msg is a message; errors, bigints and cycles do not throw', () => {
    const line = JSON.parse(formatLogLine('WARN', { msg: 'hi', n: 1n, err: new TypeError('S3cr3t') }));
    expect(Object.keys(line).slice(0, 3)).toEqual(['timestamp', 'level', 'message']);
    expect(line).toMatchObject({ level: 'WARN', message: 'hi', n: '1', err: { name: 'TypeError' } });
    expect(JSON.stringify(line)).not.toContain('S3cr3t');
    const cyclic: Record<string, unknown> = { message: 'loop' };
    cyclic['self'] = cyclic;
    expect(JSON.parse(formatLogLine('ERROR', cyclic))).toMatchObject({ level: 'ERROR', message: 'loop' });
  });
});
