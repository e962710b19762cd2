import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';

/** One HTTP API route and whether API Gateway's authorizer guards it. */
export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  /**
   * Public routes never carry the authorizer:
   * - `/healthz` touches no secret and only says the function runs;
   * - `/readyz` says whether the credentials load (no detail) so load balancers and probes can use it;
   *   it costs at most one Secrets Manager call per cache period;
   * - `/openapi.json` is the published contract, the same for everyone.
   */
  readonly public: boolean;
}

/** The HTTP contract, version 1 (DESIGN.md). */
export const CONTRACT_ROUTES: readonly RouteSpec[] = [
  { method: HttpMethod.POST, path: '/v1/tokens/rtc', public: false },
  { method: HttpMethod.POST, path: '/v1/tokens/rtm', public: false },
  { method: HttpMethod.POST, path: '/v1/tokens/chat', public: false },
  { method: HttpMethod.POST, path: '/v1/tokens/inspect', public: false },
  { method: HttpMethod.GET, path: '/healthz', public: true },
  { method: HttpMethod.GET, path: '/readyz', public: true },
  { method: HttpMethod.GET, path: '/openapi.json', public: true },
];

/**
 * AgoraIO-Community/agora-token-service paths (`COMPAT_ROUTES=agora-token-service`), behind the same
 * auth as the token routes, `/ping` included: the contract puts all of them behind it.
 */
export const COMPAT_ROUTES: readonly RouteSpec[] = [
  { method: HttpMethod.GET, path: '/ping', public: false },
  { method: HttpMethod.POST, path: '/getToken', public: false },
  { method: HttpMethod.GET, path: '/rtc/{channelName}/{role}/{tokenType}/{rtcuid}', public: false },
  { method: HttpMethod.GET, path: '/rtm/{rtmuid}', public: false },
  { method: HttpMethod.GET, path: '/rte/{channelName}/{role}/{tokenType}/{rtcuid}', public: false },
  { method: HttpMethod.GET, path: '/rte/{channelName}/{role}/{tokenType}/{rtcuid}/{rtmuid}', public: false },
  { method: HttpMethod.GET, path: '/chat/app', public: false },
  { method: HttpMethod.GET, path: '/chat/account/{chatid}', public: false },
];

export function routesFor(compat: boolean): readonly RouteSpec[] {
  return compat ? [...CONTRACT_ROUTES, ...COMPAT_ROUTES] : CONTRACT_ROUTES;
}
