// tokenfn as a Vercel Function (Node.js runtime, Web handler). vercel.json rewrites every path here; a
// rewritten request keeps the URL the client asked for, so the app routes it as it came. The configuration
// and the credentials are the project's environment variables by their tokenfn names.
import { createAppFromEnv, jsonLogger, refuseGatewayOn, variableCredentials } from '@tokenfn/http';

const env = process.env;
const app = createAppFromEnv({
  env,
  logger: jsonLogger(),
  check: refuseGatewayOn('Vercel'),
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'run `vercel env add AGORA_APP_ID production`',
        AGORA_APP_CERTIFICATE: 'run `vercel env add AGORA_APP_CERTIFICATE production --sensitive`',
      },
    }),
});

export default {
  fetch(request: Request): Promise<Response> {
    // Vercel sets X-Real-IP from the connection (a client's own value is replaced).
    const clientIp = request.headers.get('x-real-ip') ?? undefined;
    return app.fetch(request, clientIp ? { clientIp } : undefined);
  },
};
