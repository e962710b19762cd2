// tokenfn as a Google Cloud Run function (functions-framework, HTTP signature) on the node:http adapter.
// The framework reads the body before the function runs and keeps it as req.rawBody, which the adapter
// takes instead of the consumed stream. The configuration is environment variables by their tokenfn names;
// the certificate comes from Secret Manager as one of them (--set-secrets).
import { http } from '@google-cloud/functions-framework';
import { createAppFromEnv, jsonLogger, refuseGatewayOn, variableCredentials } from '@tokenfn/http';
import { toNodeListener } from '@tokenfn/http/node';

const env = process.env;
const app = createAppFromEnv({
  env,
  logger: jsonLogger(),
  check: refuseGatewayOn('Cloud Run functions'),
  credentials: () =>
    variableCredentials(env, {
      howToSet: {
        AGORA_APP_ID: 'deploy with --set-env-vars AGORA_APP_ID=…',
        AGORA_APP_CERTIFICATE: 'deploy with --set-secrets AGORA_APP_CERTIFICATE=<secret>:latest',
      },
    }),
});

interface FrameworkRequest {
  rawBody?: Buffer;
}

http(
  'tokenfn',
  toNodeListener(app, {
    body: (req) => (req as FrameworkRequest).rawBody,
    // No clientIp: the framework's req.ip is the first X-Forwarded-For entry, which a client can set.
  }),
);
