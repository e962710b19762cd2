// AUTH_MODE=gateway: API Gateway has already verified the caller; its claims travel in the event.
import type { GatewayIdentity } from '@tokenfn/http';
import type { ProxyEvent } from './events';

/**
 * Claims from `requestContext.authorizer.jwt.claims` (HTTP API JWT authorizer, payload 2.0 and 1.0)
 * or `requestContext.authorizer.claims` (REST API Cognito user pool authorizer). Undefined when the
 * event carries no claims, so the app answers 401 in gateway mode.
 */
export function gatewayIdentityFromEvent(event: ProxyEvent): GatewayIdentity | undefined {
  const authorizer = event.requestContext.authorizer;
  if (!isRecord(authorizer)) return undefined;
  const jwt = authorizer['jwt'];
  const claims = isRecord(jwt) && isRecord(jwt['claims']) ? jwt['claims'] : authorizer['claims'];
  if (!isRecord(claims)) return undefined;
  const sub = claims['sub'];
  return typeof sub === 'string' ? { sub, claims } : { claims };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
