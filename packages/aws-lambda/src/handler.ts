// The Lambda entry: init once (config, credential source, first secret fetch, app), then per invocation
// event -> Request -> app.fetch -> Response -> result.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CredentialSource,
  cachedCredentials,
  createApp,
  type Logger,
  loadConfig,
} from '@tokenfn/core/http';
import { credentialSourceFromEnv, type SecretsManagerTuning } from './credentials-from-env';
import { isHttpApiEventV2, type ProxyEvent, type ResultV1, type ResultV2 } from './events';
import { gatewayIdentityFromEvent } from './gateway-identity';
import { lambdaJsonLogger } from './lambda-logger';
import { requestFromEvent } from './request-from-event';
import { resultV1FromResponse, resultV2FromResponse } from './result-from-response';

/** The part of the Lambda context object the handler reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

export type LambdaHandler = (event: ProxyEvent, context?: LambdaContextLike) => Promise<ResultV1 | ResultV2>;

export interface CreateLambdaHandlerOptions {
  /** Configuration by DESIGN.md's names; the deployed function passes process.env. */
  env: Record<string, string | undefined>;
  /** Replaces the source chosen from env (AGORA_SECRET_ID / AGORA_APP_ID+AGORA_APP_CERTIFICATE). */
  credentials?: CredentialSource;
  /** Client timeouts and retries for Secrets Manager. */
  secretsManager?: SecretsManagerTuning;
  /** Where log lines go (default: process.stdout, one JSON object per line). */
  writeLog?: (line: string) => void;
  /** Milliseconds since the epoch, for the app and the secret cache (tests). */
  clock?: () => number;
  salt?: () => number;
}

export function createLambdaHandler(o: CreateLambdaHandlerOptions): LambdaHandler {
  const invocation = new AsyncLocalStorage<string | undefined>();
  const logger = lambdaJsonLogger({
    ...(o.writeLog ? { write: o.writeLog } : {}),
    requestId: () => invocation.getStore(),
  });

  let app: ReturnType<typeof createApp>;
  try {
    const config = loadConfig(o.env);
    const source = o.credentials ?? credentialSourceFromEnv(o.env, { logger, ...pick(o, 'secretsManager') });
    const credentials = cachedCredentials(source, {
      cacheSeconds: config.secretCacheSeconds,
      maxStaleSeconds: config.secretMaxStaleSeconds,
      ...(o.clock ? { now: o.clock } : {}),
      logger,
    });
    // Start the first fetch during init; a failure is logged by the source and retried on first use.
    credentials.get().catch(() => {});
    app = createApp({ config, credentials, logger, ...pick(o, 'clock'), ...pick(o, 'salt') });
  } catch (error) {
    logger.error({ message: `configuration invalid: ${(error as Error).message}`, code: 'ERR_CONFIG' });
    return misconfiguredHandler(logger, invocation);
  }

  return (event, context) =>
    invocation.run(context?.awsRequestId, async () => {
      const request = requestFromEvent(event);
      const identity = gatewayIdentityFromEvent(event);
      const response = await app.fetch(request, identity ? { gatewayIdentity: identity } : undefined);
      return isHttpApiEventV2(event) ? resultV2FromResponse(response) : resultV1FromResponse(response);
    });
}

/** Every invocation of a function whose configuration is invalid: a 500 that says nothing of internals. */
function misconfiguredHandler(
  logger: Logger,
  invocation: AsyncLocalStorage<string | undefined>,
): LambdaHandler {
  return (event, context) =>
    invocation.run(context?.awsRequestId, async () => {
      logger.error({ message: 'request refused: the function configuration is invalid (see the init log)' });
      const response = new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'The service is misconfigured.',
          code: 'ERR_INTERNAL',
        }),
        {
          status: 500,
          headers: {
            'content-type': 'application/problem+json',
            'cache-control': 'no-store',
            'x-request-id': crypto.randomUUID(),
          },
        },
      );
      return isHttpApiEventV2(event) ? resultV2FromResponse(response) : resultV1FromResponse(response);
    });
}

function pick<T extends object, K extends keyof T>(o: T, key: K): Partial<Pick<T, K>> {
  return o[key] === undefined ? {} : ({ [key]: o[key] } as Pick<T, K>);
}
