import { Duration, Token } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type {
  AlarmNotificationConfig,
  AlarmThresholds,
  AuthConfig,
  CustomDomainConfig,
  SecretSource,
  ThrottleConfig,
  TokenApiConfig,
} from './config.js';
import { TokenApiConfigError } from './config.js';

/**
 * What a `TokenApi` is built from. Only `secret` and `auth` are required; every other prop has a default
 * meant for production (listed on each prop).
 */
export interface TokenApiProps {
  /** Where the Agora App ID and App Certificate live (a Secrets Manager secret `{"appId","appCertificate"}`). */
  readonly secret: SecretSource;
  /** The customer-managed KMS key of an existing secret, if it is not under `aws/secretsmanager`. */
  readonly secretKmsKeyArn?: string;
  /** Who may call the token routes: API Gateway's JWT authorizer, API keys (hashes), or nobody checks. */
  readonly auth: AuthConfig;
  /**
   * A short lower-case name for this deployment, part of resource names (`tokenfn-<stage>`, alarm names,
   * a created secret's name `tokenfn/<stage>/agora`). Two TokenApis in one account need different ones.
   * Default `main`.
   */
  readonly stage?: string;
  /** Also serve the AgoraIO-Community/agora-token-service routes (`/rtc/...`, `/rte/...`). Default false. */
  readonly compatRoutes?: boolean;
  /** Browser origins allowed by CORS. Default none (no CORS headers). */
  readonly corsAllowOrigins?: readonly string[];
  /**
   * With a secret of several apps (`{"apps": {"prod": {…}, …}}`): the app a request that names none uses.
   * Default: the only app; a secret of several apps without it makes every request name its app.
   */
  readonly defaultApp?: string;
  /** The products an identity without a grant of its own may get tokens for. Default rtc, rtm and chat. */
  readonly defaultProducts?: readonly string[];
  /** API Gateway stage throttling for the whole API. Default 50 requests/s, burst 100. */
  readonly throttle?: ThrottleConfig;
  /** Reserved concurrency of the function. Default none (the account pool is shared). */
  readonly reservedConcurrency?: number;
  /** Function memory in MB. Default 256. */
  readonly memorySize?: number;
  /** Function timeout. Default 10 seconds. */
  readonly timeout?: Duration;
  /** Retention of the function's and the access log's log groups. Default one month. */
  readonly logRetention?: RetentionDays;
  /** Seconds a loaded secret is served before a background refresh. Default 300. */
  readonly secretCacheSeconds?: number;
  /** Seconds past that a secret is still served while refreshes fail. Default 3600. */
  readonly secretMaxStaleSeconds?: number;
  /** Token lifetime when a request gives none, seconds. Default 3600. */
  readonly defaultExpiresIn?: number;
  /** The longest token lifetime a request may ask for, seconds. Default 86400. */
  readonly maxExpiresIn?: number;
  /** Where alarm notifications go (an SNS topic, or an e-mail address). Default: alarms without actions. */
  readonly alarms?: AlarmNotificationConfig;
  /** Alarm thresholds; each one not given keeps its default (`DEFAULT_ALARM_THRESHOLDS`). */
  readonly alarmThresholds?: Partial<AlarmThresholds>;
  /** A custom domain with its ACM certificate. Default: the API's execute-api URL. */
  readonly customDomain?: CustomDomainConfig;
  /** Keep the created secret and the log groups when the stack is deleted. Default false. */
  readonly retainOnDelete?: boolean;
  /** The function's code. Default: the bundle `@tokenfn/aws-lambda` builds (its `dist/index.mjs`). */
  readonly code?: Code;
  /** CloudWatch namespace of the function's metrics. Default `tokenfn`. */
  readonly metricsNamespace?: string;
  /** Add a CloudWatch dashboard. Default true. */
  readonly dashboard?: boolean;
}

/** The alarm thresholds used for every one a `TokenApi` is not given. */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  lambdaErrors: 1,
  lambdaThrottles: 1,
  p99DurationMs: 1000,
  api5xxPercent: 1,
  api4xxPercent: 20,
  credentialStoreFailures: 1,
  staleServes: 1,
  denials: 100,
};

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/** The props with every default filled in; refuses values that cannot be deployed. */
export function resolveTokenApiProps(props: TokenApiProps): TokenApiConfig {
  const stage = props.stage ?? 'main';
  if (!Token.isUnresolved(stage) && !STAGE.test(stage)) {
    throw new TokenApiConfigError(
      `stage must be 1 to 20 lower-case letters, digits or "-", starting with a letter: ${stage}`,
    );
  }
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v <= 0) throw new TokenApiConfigError(`${name} must be a positive integer`);
    return v;
  };
  const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
  positive('throttle.rateLimit', throttle.rateLimit, 1);
  positive('throttle.burstLimit', throttle.burstLimit, 1);
  return {
    stage,
    secret: props.secret,
    ...(props.secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn: props.secretKmsKeyArn }),
    auth: props.auth,
    corsAllowOrigins: props.corsAllowOrigins ?? [],
    compatRoutes: props.compatRoutes ?? false,
    ...(props.defaultApp === undefined ? {} : { defaultApp: props.defaultApp }),
    ...(props.defaultProducts === undefined ? {} : { defaultProducts: props.defaultProducts }),
    throttle,
    ...(props.reservedConcurrency === undefined
      ? {}
      : { reservedConcurrency: positive('reservedConcurrency', props.reservedConcurrency, 1) }),
    memorySize: positive('memorySize', props.memorySize, 256),
    timeout: props.timeout ?? Duration.seconds(10),
    logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
    secretCacheSeconds: props.secretCacheSeconds ?? 300,
    secretMaxStaleSeconds: props.secretMaxStaleSeconds ?? 3600,
    defaultExpiresIn: props.defaultExpiresIn ?? 3600,
    maxExpiresIn: props.maxExpiresIn ?? 86400,
    alarms: props.alarms ?? {},
    alarmThresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...props.alarmThresholds },
    ...(props.customDomain === undefined ? {} : { customDomain: props.customDomain }),
    retainOnDelete: props.retainOnDelete ?? false,
    metricsNamespace: props.metricsNamespace ?? 'tokenfn',
    dashboard: props.dashboard ?? true,
  };
}
