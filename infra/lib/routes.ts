// The API Gateway routes come from the app's route table, through the construct.
export { COMPAT_ROUTES, CONTRACT_ROUTES, type RouteSpec, routesFor } from '@tokenfn/cdk';
