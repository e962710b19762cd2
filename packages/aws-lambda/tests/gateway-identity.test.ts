import { describe, expect, it } from 'vitest';
import { gatewayIdentityFromEvent } from '../src/gateway-identity';
import { v1EventFromRequest, v2EventFromRequest } from './support/api-gateway-events';

const claims = { sub: 'user-1', iss: 'https://issuer.example', aud: 'tokenfn', channels: '[room-a room-b]' };

describe('gatewayIdentityFromEvent', () => {
  it('reads requestContext.authorizer.jwt.claims of an HTTP API JWT authorizer (payload 2.0)', async () => {
    const event = await v2EventFromRequest(new Request('https://h.example/'), {
      authorizer: { jwt: { claims, scopes: ['tokens'] } },
    });
    expect(gatewayIdentityFromEvent(event)).toEqual({ sub: 'user-1', claims });
  });

  it('reads requestContext.authorizer.claims of a REST API Cognito authorizer (payload 1.0)', async () => {
    const event = await v1EventFromRequest(new Request('https://h.example/'), { authorizer: { claims } });
    expect(gatewayIdentityFromEvent(event)).toEqual({ sub: 'user-1', claims });
  });

  it('reads authorizer.jwt.claims in a payload 1.0 event of an HTTP API', async () => {
    const event = await v1EventFromRequest(new Request('https://h.example/'), {
      authorizer: { jwt: { claims } },
    });
    expect(gatewayIdentityFromEvent(event)?.claims).toEqual(claims);
  });

  it('has no identity without claims, and no sub when the claims have none', async () => {
    expect(
      gatewayIdentityFromEvent(await v2EventFromRequest(new Request('https://h.example/'))),
    ).toBeUndefined();
    expect(
      gatewayIdentityFromEvent(await v1EventFromRequest(new Request('https://h.example/'))),
    ).toBeUndefined();
    const noSub = await v2EventFromRequest(new Request('https://h.example/'), {
      authorizer: { jwt: { claims: { email: 'x' } } },
    });
    expect(gatewayIdentityFromEvent(noSub)).toEqual({ claims: { email: 'x' } });
    const lambdaAuth = await v2EventFromRequest(new Request('https://h.example/'), {
      authorizer: { lambda: { sub: 'x' } },
    });
    expect(gatewayIdentityFromEvent(lambdaAuth)).toBeUndefined();
  });
});
