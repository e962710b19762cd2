// loadConfig: the configuration names, defaults, and clear errors naming the variable.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

const HASH = createHash('sha256').update('k').digest('hex');

function configError(env: Record<string, string>, variable: string, o?: { localLoopback?: boolean }): string {
  try {
    loadConfig(env, o);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults', () => {
    const c = loadConfig({ AUTH_MODE: 'api-key', API_KEY_HASHES: HASH });
    expect(c).toMatchObject({
      authMode: 'api-key',
      apiKeyHashes: [HASH],
      defaultExpiresIn: 3600,
      maxExpiresIn: 86400,
      corsAllowOrigins: [],
      compatRoutes: false,
      secretCacheSeconds: 300,
      secretMaxStaleSeconds: 3600,
      maxBodyBytes: 8192,
      policy: {},
    });
  });

  it('AUTH_MODE is required, except on the local loopback server where it defaults to none', () => {
    configError({}, 'AUTH_MODE');
    expect(loadConfig({}, { localLoopback: true }).authMode).toBe('none');
    configError({ AUTH_MODE: 'magic' }, 'AUTH_MODE');
  });

  it('none needs ALLOW_UNAUTHENTICATED=true off loopback', () => {
    expect(configError({ AUTH_MODE: 'none' }, 'AUTH_MODE')).toMatch(/ALLOW_UNAUTHENTICATED/);
    configError({ AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'false' }, 'AUTH_MODE');
    configError({ AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'yes' }, 'ALLOW_UNAUTHENTICATED');
    expect(loadConfig({ AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' }).authMode).toBe('none');
    expect(loadConfig({ AUTH_MODE: 'none' }, { localLoopback: true }).authMode).toBe('none');
  });

  it('jwt needs a https JWKS URL (http only on loopback), an issuer and an audience', () => {
    const base = {
      AUTH_MODE: 'jwt',
      JWT_JWKS_URL: 'https://id.test/jwks',
      JWT_ISSUER: 'https://id.test/',
      JWT_AUDIENCE: 'a',
    };
    const c = loadConfig(base);
    expect(c.jwt).toMatchObject({ issuer: ['https://id.test/'], audience: ['a'] });
    expect(c.jwt!.algorithms).not.toContain('HS256');
    configError({ ...base, JWT_JWKS_URL: '' }, 'JWT_JWKS_URL');
    configError({ ...base, JWT_JWKS_URL: 'http://id.test/jwks' }, 'JWT_JWKS_URL');
    configError({ ...base, JWT_JWKS_URL: 'not a url' }, 'JWT_JWKS_URL');
    expect(loadConfig({ ...base, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' }).jwt!.jwksUrl).toBe(
      'http://127.0.0.1:9/jwks',
    );
    configError({ ...base, JWT_ISSUER: '' }, 'JWT_ISSUER');
    configError({ ...base, JWT_AUDIENCE: ' ' }, 'JWT_AUDIENCE');
    configError({ ...base, JWT_ALGORITHMS: 'RS256,HS256' }, 'JWT_ALGORITHMS');
    configError({ ...base, JWT_ALGORITHMS: 'none' }, 'JWT_ALGORITHMS');
    expect(loadConfig({ ...base, JWT_AUDIENCE: 'a, b' }).jwt!.audience).toEqual(['a', 'b']);
  });

  it('api-key needs SHA-256 hex digests', () => {
    configError({ AUTH_MODE: 'api-key' }, 'API_KEY_HASHES');
    configError({ AUTH_MODE: 'api-key', API_KEY_HASHES: 'my-plain-key' }, 'API_KEY_HASHES');
    expect(
      loadConfig({ AUTH_MODE: 'api-key', API_KEY_HASHES: ` ${HASH.toUpperCase()} , ${HASH}` }).apiKeyHashes,
    ).toEqual([HASH, HASH]);
  });

  it('expiry limits: MAX at most 86400, DEFAULT at most MAX, DEFAULT follows a lower MAX', () => {
    configError({ AUTH_MODE: 'gateway', MAX_EXPIRES_IN: '86401' }, 'MAX_EXPIRES_IN');
    configError({ AUTH_MODE: 'gateway', MAX_EXPIRES_IN: '0' }, 'MAX_EXPIRES_IN');
    configError({ AUTH_MODE: 'gateway', DEFAULT_EXPIRES_IN: '1h' }, 'DEFAULT_EXPIRES_IN');
    configError(
      { AUTH_MODE: 'gateway', DEFAULT_EXPIRES_IN: '700', MAX_EXPIRES_IN: '600' },
      'DEFAULT_EXPIRES_IN',
    );
    expect(loadConfig({ AUTH_MODE: 'gateway', MAX_EXPIRES_IN: '600' }).defaultExpiresIn).toBe(600);
  });

  it('CORS origins must be origins; * only when written', () => {
    expect(
      loadConfig({ AUTH_MODE: 'gateway', CORS_ALLOW_ORIGINS: 'https://a.test, http://localhost:3000' })
        .corsAllowOrigins,
    ).toEqual(['https://a.test', 'http://localhost:3000']);
    configError({ AUTH_MODE: 'gateway', CORS_ALLOW_ORIGINS: 'https://a.test/path' }, 'CORS_ALLOW_ORIGINS');
    configError({ AUTH_MODE: 'gateway', CORS_ALLOW_ORIGINS: 'a.test' }, 'CORS_ALLOW_ORIGINS');
    expect(loadConfig({ AUTH_MODE: 'gateway', CORS_ALLOW_ORIGINS: '*' }).corsAllowOrigins).toEqual(['*']);
  });

  it('COMPAT_ROUTES, SECRET_* and claim names', () => {
    expect(loadConfig({ AUTH_MODE: 'gateway', COMPAT_ROUTES: 'agora-token-service' }).compatRoutes).toBe(
      true,
    );
    configError({ AUTH_MODE: 'gateway', COMPAT_ROUTES: 'yes' }, 'COMPAT_ROUTES');
    const c = loadConfig({ AUTH_MODE: 'gateway', SECRET_CACHE_SECONDS: '60', SECRET_MAX_STALE_SECONDS: '0' });
    expect([c.secretCacheSeconds, c.secretMaxStaleSeconds]).toEqual([60, 0]);
    configError({ AUTH_MODE: 'gateway', SECRET_CACHE_SECONDS: '-1' }, 'SECRET_CACHE_SECONDS');
    configError({ AUTH_MODE: 'gateway', SECRET_CACHE_SECONDS: '0' }, 'SECRET_CACHE_SECONDS');
    configError({ AUTH_MODE: 'gateway', SECRET_CACHE_SECONDS: '9' }, 'SECRET_CACHE_SECONDS');
    expect(
      loadConfig({
        AUTH_MODE: 'gateway',
        JWT_UID_CLAIM: 'agora_uid',
        JWT_CHANNELS_CLAIM: 'https://example.com/channels',
        JWT_PUBLISH_CLAIM: 'can_publish',
        CHAT_APP_CLAIM: 'chat_admin',
      }).policy,
    ).toEqual({
      uidClaim: 'agora_uid',
      channelsClaim: 'https://example.com/channels',
      publishClaim: 'can_publish',
      chatAppClaim: 'chat_admin',
    });
    configError({ AUTH_MODE: 'gateway', JWT_UID_CLAIM: 'has space' }, 'JWT_UID_CLAIM');
  });
});
