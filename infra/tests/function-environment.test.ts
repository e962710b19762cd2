// The application's own configuration loader: the environment the stack sets must be one it accepts.
import { loadConfig } from '@tokenfn/http';
import { describe, expect, it } from 'vitest';
import { functionEnvironment } from '../lib/function-environment';
import { resolveStageConfig } from '../lib/stages';
import { API_KEY_HASH, ISSUER, SECRET_ARN } from './support/synth';

const envFor = (context: Record<string, unknown>) =>
  functionEnvironment(
    resolveStageConfig((key) => context[key]),
    SECRET_ARN,
  );

describe('the function environment is accepted by @tokenfn/http loadConfig', () => {
  it('jwt (gateway) with claim bindings, CORS and compat routes', () => {
    const env = envFor({
      stage: 'prod',
      jwtIssuer: ISSUER,
      jwtAudience: 'web',
      jwtUidClaim: 'agora_uid',
      jwtChannelsClaim: 'channels',
      jwtPublishClaim: 'can_publish',
      chatAppClaim: 'chat_admin',
      corsAllowOrigins: 'https://app.example.com',
      compatRoutes: 'true',
    });
    const config = loadConfig(env);
    expect(config).toMatchObject({
      authMode: 'gateway',
      policy: {
        uidClaim: 'agora_uid',
        channelsClaim: 'channels',
        publishClaim: 'can_publish',
        chatAppClaim: 'chat_admin',
      },
      corsAllowOrigins: ['https://app.example.com'],
      compatRoutes: true,
      defaultExpiresIn: 3600,
      maxExpiresIn: 86400,
      secretCacheSeconds: 300,
      secretMaxStaleSeconds: 3600,
    });
  });

  it('api-key', () => {
    const config = loadConfig(envFor({ stage: 'dev', apiKeyHashes: API_KEY_HASH }));
    expect(config).toMatchObject({ authMode: 'api-key', apiKeyHashes: [API_KEY_HASH], compatRoutes: false });
  });

  it('none, explicitly allowed', () => {
    const config = loadConfig(envFor({ stage: 'dev', authMode: 'none', allowUnauthenticated: 'true' }));
    expect(config.authMode).toBe('none');
  });
});
