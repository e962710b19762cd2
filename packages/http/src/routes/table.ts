// The one route table. The router registers exactly these routes (a handler per id, checked when the app is
// built), /openapi.json lists exactly these paths, and infra gives API Gateway exactly these routes, so adding
// a route is one entry here plus its handler. Pure data: no imports, safe to load from CDK code.

export type RouteMethod = 'GET' | 'POST';

/** Which routes a deployment serves: the contract's, and the agora-token-service ones when COMPAT_ROUTES is set. */
export type RouteGroup = 'v1' | 'ops' | 'compat';

export interface RouteDefinition {
  /** stable name; the handler is registered under it and the request log's `route` is the path */
  readonly id: RouteId;
  readonly method: RouteMethod;
  /** `:name` segments are path parameters */
  readonly path: string;
  readonly group: RouteGroup;
  /** authenticated (and rate limited) before the handler runs; API Gateway puts its authorizer on these */
  readonly auth: boolean;
  /** also answered with a trailing slash (agora-token-service does) */
  readonly trailingSlash?: boolean;
}

export type RouteId =
  | 'rtcToken'
  | 'rtmToken'
  | 'chatToken'
  | 'rtm2Token'
  | 'convoaiToken'
  | 'sttToken'
  | 'apaasToken'
  | 'fpaToken'
  | 'inspectToken'
  | 'root'
  | 'healthz'
  | 'readyz'
  | 'openapi'
  | 'compatPing'
  | 'compatGetToken'
  | 'compatRtc'
  | 'compatRtm'
  | 'compatRte'
  | 'compatRteWithRtm'
  | 'compatChatApp'
  | 'compatChatAccount';

/**
 * Every route of the app, in the order the OpenAPI document lists them.
 *
 * - `/` says what this is and where the contract is (a person or a probe hitting the bare URL);
 * - `/healthz` touches no secret and only says the function runs;
 * - `/readyz` says whether the credentials load (no detail), for load balancers and probes;
 * - `/openapi.json` is the published contract, the same for everyone;
 * - the compatibility routes sit behind the same auth as the token routes, `/ping` included.
 */
export const ROUTES: readonly RouteDefinition[] = [
  { id: 'rtcToken', method: 'POST', path: '/v1/tokens/rtc', group: 'v1', auth: true },
  { id: 'rtmToken', method: 'POST', path: '/v1/tokens/rtm', group: 'v1', auth: true },
  { id: 'chatToken', method: 'POST', path: '/v1/tokens/chat', group: 'v1', auth: true },
  { id: 'rtm2Token', method: 'POST', path: '/v1/tokens/rtm2', group: 'v1', auth: true },
  { id: 'convoaiToken', method: 'POST', path: '/v1/tokens/convoai', group: 'v1', auth: true },
  { id: 'sttToken', method: 'POST', path: '/v1/tokens/stt', group: 'v1', auth: true },
  { id: 'apaasToken', method: 'POST', path: '/v1/tokens/apaas', group: 'v1', auth: true },
  { id: 'fpaToken', method: 'POST', path: '/v1/tokens/fpa', group: 'v1', auth: true },
  { id: 'inspectToken', method: 'POST', path: '/v1/tokens/inspect', group: 'v1', auth: true },
  { id: 'root', method: 'GET', path: '/', group: 'ops', auth: false },
  { id: 'healthz', method: 'GET', path: '/healthz', group: 'ops', auth: false },
  { id: 'readyz', method: 'GET', path: '/readyz', group: 'ops', auth: false },
  { id: 'openapi', method: 'GET', path: '/openapi.json', group: 'ops', auth: false },
  { id: 'compatPing', method: 'GET', path: '/ping', group: 'compat', auth: true, trailingSlash: true },
  { id: 'compatGetToken', method: 'POST', path: '/getToken', group: 'compat', auth: true },
  {
    id: 'compatRtc',
    method: 'GET',
    path: '/rtc/:channelName/:role/:tokenType/:rtcuid',
    group: 'compat',
    auth: true,
    trailingSlash: true,
  },
  { id: 'compatRtm', method: 'GET', path: '/rtm/:rtmuid', group: 'compat', auth: true, trailingSlash: true },
  {
    id: 'compatRte',
    method: 'GET',
    path: '/rte/:channelName/:role/:tokenType/:rtcuid',
    group: 'compat',
    auth: true,
    trailingSlash: true,
  },
  {
    id: 'compatRteWithRtm',
    method: 'GET',
    path: '/rte/:channelName/:role/:tokenType/:rtcuid/:rtmuid',
    group: 'compat',
    auth: true,
    trailingSlash: true,
  },
  { id: 'compatChatApp', method: 'GET', path: '/chat/app', group: 'compat', auth: true, trailingSlash: true },
  {
    id: 'compatChatAccount',
    method: 'GET',
    path: '/chat/account/:chatid',
    group: 'compat',
    auth: true,
    trailingSlash: true,
  },
];

/**
 * The routes a deployment serves.
 *
 * @example
 * routesFor({ compatRoutes: false }).map((r) => `${r.method} ${r.path}`);
 * // ['POST /v1/tokens/rtc', …, 'GET /openapi.json']
 */
export function routesFor(o: { compatRoutes: boolean }): readonly RouteDefinition[] {
  return o.compatRoutes ? ROUTES : ROUTES.filter((r) => r.group !== 'compat');
}

/**
 * A route's path in OpenAPI and API Gateway notation.
 *
 * @example
 * templatePath('/rtm/:rtmuid'); // '/rtm/{rtmuid}'
 */
export function templatePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
