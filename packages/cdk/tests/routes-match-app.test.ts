// API Gateway's routes are exactly the routes the deployed app serves: every synthesized route reaches a
// handler of the real app (not its 404 or 405), with the authorizer exactly where the app authenticates,
// and every path the app documents has its API Gateway route.
import { createApp, loadConfig, silentLogger, staticCredentials } from '@tokenfn/http';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TokenApi } from '../src/token-api';
import { API_KEY_HASH, ISSUER, SECRET_ARN, standInCode, templateOf, userStack } from './support/synth';

const DEMO = {
  appId: '970CA35de60c44645bbae8a215061b33',
  appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
};

function routeKeys(template: Template): Map<string, boolean> {
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
    Properties: { RouteKey: string; AuthorizationType?: string };
  }[];
  return new Map(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType === 'JWT']));
}

/** The app as the function builds it from its environment, but with API keys so authentication shows. */
function appFor(compat: boolean) {
  const env: Record<string, string> = { AUTH_MODE: 'api-key', API_KEY_HASHES: API_KEY_HASH };
  if (compat) env['COMPAT_ROUTES'] = 'agora-token-service';
  return createApp({ config: loadConfig(env), credentials: staticCredentials(DEMO), logger: silentLogger });
}

const sample = (path: string) => path.replace(/\{[^}]+\}/g, (p) => (p === '{tokenType}' ? 'uid' : '7'));

describe.each([
  ['without compatibility routes', false],
  ['with compatibility routes', true],
])('API Gateway routes equal the app’s, %s', (_name, compat) => {
  const stack = userStack();
  new TokenApi(stack, 'Tokens', {
    secret: { kind: 'complete-arn', arn: SECRET_ARN },
    auth: { mode: 'jwt', issuer: ISSUER, audience: ['web'] },
    compatRoutes: compat,
    code: standInCode(),
  });
  const template = templateOf(stack);
  const routes = routeKeys(template);
  const app = appFor(compat);

  it('every API Gateway route reaches one of the app’s handlers, guarded where the app authenticates', async () => {
    expect(routes.size).toBeGreaterThan(0);
    for (const [key, guarded] of routes) {
      const [method, path] = key.split(' ') as [string, string];
      const response = await app.handle({
        method,
        path: sample(path),
        query: '',
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? new TextEncoder().encode('{}') : null,
      });
      expect([404, 405], key).not.toContain(response.status);
      // Without a key the app itself refuses exactly the routes API Gateway guards.
      expect(response.status === 401, key).toBe(guarded);
    }
  });

  it('every route the app documents has its API Gateway route', async () => {
    const doc = JSON.parse(
      (await app.handle({ method: 'GET', path: '/openapi.json', query: '', headers: {}, body: null })).body,
    ) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([...routes.keys()].sort());
  });
});
