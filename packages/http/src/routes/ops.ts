// Operations: GET /healthz (touches no secret), GET /readyz (credentials load), GET /openapi.json.
import { defaultAppName } from '../apps.js';
import type { AuthMode, PolicyConfig } from '../config.js';
import type { CredentialSource } from '../credentials.js';
import { appsOf } from '../credentials.js';
import { buildOpenApiDocument } from '../openapi.js';
import { jsonResponse } from '../respond.js';
import type { Router } from '../router.js';

export function registerOpsRoutes(
  router: Router,
  o: { credentials: CredentialSource; compatRoutes: boolean; authMode: AuthMode; policy: PolicyConfig },
): void {
  router.handle('root', () =>
    jsonResponse({
      name: 'tokenfn',
      description: 'Agora access tokens',
      openapi: '/openapi.json',
      health: '/healthz',
    }),
  );
  router.handle('healthz', () => jsonResponse({ status: 'ok' }));
  router.handle('readyz', async () => {
    // throws CredentialsUnavailableError -> 503 problem (also for an AGORA_DEFAULT_APP naming no app)
    defaultAppName(appsOf(await o.credentials.get()), o.policy);
    return jsonResponse({ status: 'ready' });
  });
  let doc: string | undefined;
  router.handle('openapi', () => {
    doc ??= JSON.stringify(buildOpenApiDocument({ compatRoutes: o.compatRoutes, authMode: o.authMode }));
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
      body: doc,
    };
  });
}
