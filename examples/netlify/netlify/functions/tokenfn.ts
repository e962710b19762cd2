// tokenfn as a Netlify Function (v2: a Web handler). `config.path` serves it at the site's own paths rather
// than under /.netlify/functions/. The configuration and the credentials are the site's environment
// variables by their tokenfn names.
import { createAppFromEnv, jsonLogger, refuseGatewayOn, variableCredentials } from '@tokenfn/http';

const env = process.env;
const app = createAppFromEnv({
  env,
  logger: jsonLogger(),
  check: refuseGatewayOn('Netlify'),
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'run `netlify env:set AGORA_APP_ID …`',
        AGORA_APP_CERTIFICATE: 'run `netlify env:set AGORA_APP_CERTIFICATE … --secret --context production`',
      },
    }),
});

/** The part of Netlify's Context this function reads: the client's address as Netlify saw it. */
interface NetlifyContext {
  ip?: string;
}

export default (request: Request, context?: NetlifyContext): Promise<Response> =>
  app.fetch(request, context?.ip ? { clientIp: context.ip } : undefined);

export const config = { path: '/*' };
