// The Lambda entry: init once (config, credential source, first secret fetch, app: @tokenfn/http's createAppFromEnv),
// then per invocation: event -> the app's exchange -> app.handle -> result.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type CredentialSource, createAppFromEnv } from '@tokenfn/http';
import { credentialSourceFromEnv, type SecretsManagerTuning } from './credentials-from-env';
import { isHttpApiEventV2, type ProxyEvent, type ResultV1, type ResultV2 } from './events';
import { exchangeFromEvent } from './exchange-from-event';
import { gatewayIdentityFromEvent } from './gateway-identity';
import { lambdaJsonLogger } from './lambda-logger';
import { emfLogger, metricsOptionsFromEnv } from './metrics';
import { resultV1FromExchange, resultV2FromExchange } from './result-from-exchange';

/** The part of the Lambda context object the handler reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

export type LambdaHandler = (event: ProxyEvent, context?: LambdaContextLike) => Promise<ResultV1 | ResultV2>;

/** Node's monotonic clock in ms, as the request latency timer. */
const hrtimeMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface CreateLambdaHandlerOptions {
  /** Configuration by the documented variable names; the deployed function passes process.env. */
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

/**
 * An invalid configuration is logged once at init (`"message":"configuration invalid"`, `"code":"ERR_CONFIG"`,
 * the variable and the reason), and every invocation then answers a 500 problem `ERR_CONFIGURATION`.
 */
export function createLambdaHandler(o: CreateLambdaHandlerOptions): LambdaHandler {
  const invocation = new AsyncLocalStorage<string | undefined>();
  const logger = emfLogger(
    lambdaJsonLogger({
      ...(o.writeLog ? { write: o.writeLog } : {}),
      requestId: () => invocation.getStore(),
    }),
    { ...metricsOptionsFromEnv(o.env), ...(o.clock ? { clock: o.clock } : {}) },
  );
  const app = createAppFromEnv({
    env: o.env,
    logger,
    credentials: () =>
      o.credentials ??
      credentialSourceFromEnv(o.env, {
        logger,
        ...(o.secretsManager ? { secretsManager: o.secretsManager } : {}),
      }),
    // Lambda's init phase: the first Secrets Manager fetch starts now, not at the first request.
    loadCredentialsNow: true,
    ...(o.clock ? { clock: o.clock } : {}),
    // process.hrtime, not performance.now: the first `performance` use loads perf_hooks, on a cold start
    timer: hrtimeMs,
    ...(o.salt ? { salt: o.salt } : {}),
  });

  return (event, context) =>
    invocation.run(context?.awsRequestId, async () => {
      const exchange = exchangeFromEvent(event);
      const identity = gatewayIdentityFromEvent(event);
      const response = await app.handle(exchange, identity ? { gatewayIdentity: identity } : undefined);
      return isHttpApiEventV2(event)
        ? resultV2FromExchange(response, exchange.method)
        : resultV1FromExchange(response, exchange.method);
    });
}
