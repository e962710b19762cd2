// Operations: GET /healthz (touches no secret), GET /readyz (credentials load), GET /openapi.json.
import type { AuthMode } from '../config.js';
import type { CredentialSource } from '../credentials.js';
import { buildOpenApiDocument } from '../openapi.js';
import { jsonResponse } from '../respond.js';
import type { Router } from '../router.js';

export function registerOpsRoutes(
  router: Router,
  o: { credentials: CredentialSource; compatRoutes: boolean; authMode: AuthMode },
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
    await o.credentials.get(); // throws CredentialsUnavailableError -> 503 problem
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
