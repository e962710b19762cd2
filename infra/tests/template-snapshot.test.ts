import { describe, expect, it } from 'vitest';
import { API_KEY_HASH, CERT_ARN, ISSUER, normalisedTemplate, SECRET_ARN, synth } from './support/synth';

// A reviewable record of every resource and property; update with `vitest run -u` after a deliberate change.
describe('template snapshots (asset hashes normalised)', () => {
  it('dev', () => {
    const { template } = synth({ stage: 'dev', apiKeyHashes: API_KEY_HASH });
    expect(normalisedTemplate(template)).toMatchSnapshot();
  });

  it('prod', () => {
    const { template } = synth({
      stage: 'prod',
      jwtIssuer: ISSUER,
      jwtAudience: 'web-client',
      secretArn: SECRET_ARN,
      alarmEmail: 'oncall@example.com',
      domainName: 'tokens.example.com',
      certificateArn: CERT_ARN,
      compatRoutes: 'true',
      corsAllowOrigins: 'https://app.example.com',
    });
    expect(normalisedTemplate(template)).toMatchSnapshot();
  });
});
