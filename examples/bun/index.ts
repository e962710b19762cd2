// tokenfn on Bun: Bun.serve hands each Web Request to the app. The configuration and the credentials are
// environment variables by their tokenfn names (Bun also loads them from a .env file beside this one).
import { createAppFromEnv, jsonLogger, refuseGatewayOn, variableCredentials } from '@tokenfn/http';

const env = process.env;
const logger = jsonLogger();
const app = createAppFromEnv({
  env,
  logger,
  check: refuseGatewayOn('Bun'),
  // Bun.serve hands over each request body framed by its Content-Length: a small one is read in one call
  framedBodies: true,
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'set it in the environment or in .env',
        AGORA_APP_CERTIFICATE: "set it in the environment or in .env (from the host's secret store)",
      },
    }),
});

const server = Bun.serve({
  port: Number(env['PORT'] ?? 3000),
  hostname: env['HOST'] ?? '0.0.0.0',
  // The peer address is the client on a bare host; behind a proxy it is the proxy.
  fetch(request, server) {
    const clientIp = server.requestIP(request)?.address;
    return app.fetch(request, clientIp ? { clientIp } : undefined);
  },
});
logger.info({ message: 'listening', url: server.url.origin });
