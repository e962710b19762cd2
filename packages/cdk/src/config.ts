import type { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Where the Agora credentials live. The secret's SecretString is
 * `{"appId": "<32 hex>", "appCertificate": "<32 hex>"}`.
 *
 * - `complete-arn`: an existing secret, by its full ARN (with the 6-character suffix Secrets Manager
 *   appends). The IAM policy names exactly this ARN. Preferred.
 * - `name`: an existing secret by name. Its ARN is not known at synth time, so the policy names
 *   `…:secret:<name>-??????`: each `?` matches exactly one character, so it matches only the secret
 *   with exactly this name (every secret ARN ends in `-` and 6 random characters), not a prefix family.
 * - `create`: a new, empty secret (no value); fill it after the first deploy (see README).
 */
export type SecretSource =
  | { readonly kind: 'complete-arn'; readonly arn: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'create'; readonly name?: string };

/** Identity claims the application binds tokens to (`JWT_*_CLAIM`). */
export interface ClaimBindings {
  readonly uidClaim?: string;
  readonly channelsClaim?: string;
  readonly publishClaim?: string;
  /** The claim that allows chat app tokens (`CHAT_APP_CLAIM`). */
  readonly chatAppClaim?: string;
  /** The claim that allows ConvoAI and STT agent tokens (`AGENT_TOKEN_CLAIM`). */
  readonly agentTokenClaim?: string;
  /** The claim listing the products an identity may get tokens for (`JWT_PRODUCTS_CLAIM`). */
  readonly productsClaim?: string;
  /** The claim listing the apps an identity may use (`JWT_APPS_CLAIM`). */
  readonly appsClaim?: string;
}

/** What one API key may ask for (`API_KEY_SCOPES`): product names or `*`, app names or `*` globs. */
export interface ApiKeyScope {
  readonly products?: readonly string[];
  readonly apps?: readonly string[];
}

/**
 * Who may call the token routes.
 *
 * - `jwt`: API Gateway's JWT authorizer verifies bearer tokens (issuer, audience, signature via the
 *   issuer's JWKS); the function runs with `AUTH_MODE=gateway` and reads the verified claims.
 * - `api-key`: the function compares `X-API-Key` against SHA-256 hex digests (never raw keys).
 * - `none`: anyone may call. Only when asked for explicitly (`allowUnauthenticated: true`).
 */
export type AuthConfig =
  | ({ readonly mode: 'jwt'; readonly issuer: string; readonly audience: readonly string[] } & ClaimBindings)
  | ({
      readonly mode: 'api-key';
      readonly apiKeyHashes: readonly string[];
      /** Per key hash, what it may ask for (`API_KEY_SCOPES`); a key without an entry has the defaults. */
      readonly apiKeyScopes?: Readonly<Record<string, ApiKeyScope>>;
    } & ClaimBindings)
  | { readonly mode: 'none'; readonly allowUnauthenticated: true };

export interface ThrottleConfig {
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  /** Burst bucket size. */
  readonly burstLimit: number;
}

/** Where alarm notifications go; both are optional, neither means alarms without actions. */
export interface AlarmNotificationConfig {
  /** An existing SNS topic. */
  readonly topicArn?: string;
  /** Creates a topic with this e-mail subscription (confirm the mail AWS sends). */
  readonly email?: string;
}

export interface AlarmThresholds {
  /** Lambda `Errors` sum per 5 minutes at or above which the alarm fires. */
  readonly lambdaErrors: number;
  /** Lambda `Throttles` sum per 5 minutes at or above which the alarm fires. */
  readonly lambdaThrottles: number;
  /** p99 `Duration` in milliseconds above which the alarm fires. */
  readonly p99DurationMs: number;
  /** Percentage of 5xx responses over 5 minutes above which the alarm fires. */
  readonly api5xxPercent: number;
  /** Percentage of 4xx responses over 5 minutes above which the alarm fires (auth failures, abuse). */
  readonly api4xxPercent: number;
  /** Credential-store failures per 5 minutes at or above which the alarm fires (the store is unavailable). */
  readonly credentialStoreFailures: number;
  /** Stale serves per 5 minutes at or above which the alarm fires (refreshes fail, the last value is served). */
  readonly staleServes: number;
  /** Denials (403 and 429) per 5 minutes, for 15 minutes, at or above which the alarm fires. */
  readonly denials: number;
}

export interface CustomDomainConfig {
  readonly domainName: string;
  /** An ACM certificate in the stack's region covering `domainName`. */
  readonly certificateArn: string;
}

/** Everything that differs between deployments of tokenfn, every default resolved (see `TokenApiProps`). */
export interface TokenApiConfig {
  /** A short lower-case name (`dev`, `prod`): part of resource names. */
  readonly stage: string;
  readonly secret: SecretSource;
  /**
   * The customer-managed KMS key of an existing secret, if it has one; the function may then call
   * `kms:Decrypt` on that key through Secrets Manager only. Secrets under the default
   * `aws/secretsmanager` key need nothing.
   */
  readonly secretKmsKeyArn?: string;
  readonly auth: AuthConfig;
  /** Browser origins allowed by CORS; empty means no CORS headers at all. */
  readonly corsAllowOrigins: readonly string[];
  /** Serve the AgoraIO-Community/agora-token-service compatibility routes. */
  readonly compatRoutes: boolean;
  /** The app of a several-apps secret a request without `app` uses (`AGORA_DEFAULT_APP`). */
  readonly defaultApp?: string;
  /** The products of an identity without a grant of its own (`DEFAULT_PRODUCTS`; the app's default rtc, rtm, chat). */
  readonly defaultProducts?: readonly string[];
  readonly throttle: ThrottleConfig;
  /** Reserved concurrency of the function; undefined leaves the account pool shared. */
  readonly reservedConcurrency?: number;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Retention of the function's log group and of the API access log group. */
  readonly logRetention: RetentionDays;
  readonly secretCacheSeconds: number;
  readonly secretMaxStaleSeconds: number;
  readonly defaultExpiresIn: number;
  readonly maxExpiresIn: number;
  readonly alarms: AlarmNotificationConfig;
  readonly alarmThresholds: AlarmThresholds;
  readonly customDomain?: CustomDomainConfig;
  /** Keep the secret and log groups when the stack is deleted. */
  readonly retainOnDelete: boolean;
  /** CloudWatch namespace of the function's metrics (`METRICS_NAMESPACE`). */
  readonly metricsNamespace: string;
  /** Add the CloudWatch dashboard. */
  readonly dashboard: boolean;
}

/** Raised for a configuration that must not be deployed; the message says what to pass instead. */
export class TokenApiConfigError extends Error {
  override name = 'TokenApiConfigError';
  /** The function variable the app refused, when the app's own loadConfig found the problem. */
  readonly variable: string | undefined;
  constructor(message: string, variable?: string) {
    super(message);
    this.variable = variable;
  }
}
