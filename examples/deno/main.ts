// tokenfn on Deno (Deno Deploy, or `deno run` anywhere): Deno.serve hands each Web Request to the app.
// The configuration and the credentials are environment variables by their tokenfn names.
import { createAppFromEnv, jsonLogger, refuseGatewayOn, variableCredentials } from '@tokenfn/http';

const env = Deno.env.toObject();
const logger = jsonLogger();
const app = createAppFromEnv({
  env,
  logger,
  check: refuseGatewayOn('Deno'),
  // Deno.serve hands over each request body framed by its Content-Length: a small one is read in one call
  framedBodies: true,
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'set it as an environment variable',
        AGORA_APP_CERTIFICATE: 'set it as an environment variable (on Deno Deploy: a secret one)',
      },
    }),
});

Deno.serve(
  {
    port: Number(env['PORT'] ?? 8000),
    hostname: env['HOST'] ?? '0.0.0.0',
    onListen: ({ hostname, port }) =>
      logger.info({ message: 'listening', url: `http://${hostname}:${port}` }),
  },
  // The peer address is the client on Deno Deploy and on a bare host; behind a proxy it is the proxy.
  (request, info) => app.fetch(request, { clientIp: info.remoteAddr.hostname }),
);
