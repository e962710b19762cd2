// tokenfn as a Supabase Edge Function. Supabase routes /functions/v1/tokenfn/… here with the path
// starting at /tokenfn, so that prefix is taken off before the app routes the request. Credentials are
// the function's secrets (`supabase secrets set`), read from the environment by their tokenfn names.
import {
  createAppFromEnv,
  exchangeFromRequest,
  jsonLogger,
  MAX_BODY_BYTES,
  refuseGatewayOn,
  responseFromExchange,
  variableCredentials,
} from '@tokenfn/http';

const PREFIX = '/tokenfn';
const env = Deno.env.toObject();
const logger = jsonLogger();
const app = createAppFromEnv({
  env,
  logger,
  check: refuseGatewayOn('Supabase Edge Functions'),
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'run `supabase secrets set AGORA_APP_ID=…`',
        AGORA_APP_CERTIFICATE: 'run `supabase secrets set --env-file` with a file that holds it',
      },
    }),
});

Deno.serve(
  {
    // Supabase ignores these; `deno run` of this file alone (the tests) listens where PORT and HOST say.
    port: Number(env['PORT'] ?? 8000),
    hostname: env['HOST'] ?? '0.0.0.0',
    onListen: ({ hostname, port }) =>
      logger.info({ message: 'listening', url: `http://${hostname}:${port}` }),
  },
  // No clientIp: behind Supabase's gateway the peer address is the gateway's, not the client's.
  async (request) => {
    const exchange = await exchangeFromRequest(request, MAX_BODY_BYTES);
    if (exchange.path === PREFIX || exchange.path.startsWith(`${PREFIX}/`)) {
      exchange.path = exchange.path.slice(PREFIX.length) || '/';
    }
    return responseFromExchange(await app.handle(exchange), request.method);
  },
);
