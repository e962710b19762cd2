import { routesFor as appRoutesFor, type RouteDefinition, templatePath } from '@tokenfn/http/routes';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';

/** One HTTP API route and whether API Gateway's authorizer guards it. */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway notation: `{name}` path parameters */
  readonly path: string;
  /** public routes never carry the authorizer; the app's route table says which (its `auth: false`) */
  readonly public: boolean;
}

function spec(route: RouteDefinition): RouteSpec {
  return { method: HttpMethod[route.method], path: templatePath(route.path), public: !route.auth };
}

/** The app's routes, as API Gateway routes: exactly what the app itself serves for this configuration. */
export function routesFor(compat: boolean): readonly RouteSpec[] {
  return appRoutesFor({ compatRoutes: compat }).map(spec);
}

/** The HTTP contract, version 1. */
export const CONTRACT_ROUTES: readonly RouteSpec[] = routesFor(false);

/** AgoraIO-Community/agora-token-service paths (`COMPAT_ROUTES=agora-token-service`). */
export const COMPAT_ROUTES: readonly RouteSpec[] = routesFor(true).filter(
  (r) => !CONTRACT_ROUTES.some((c) => c.method === r.method && c.path === r.path),
);
