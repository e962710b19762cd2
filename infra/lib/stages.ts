import {
  type AuthConfig,
  type ClaimBindings,
  DEFAULT_ALARM_THRESHOLDS,
  type SecretSource,
  type TokenApiConfig,
} from '@tokenfn/cdk';
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageConfigError } from './config';
import { functionEnvironment } from './function-environment';

/** The parts of a stage that are tuning, not identity: edit them here, reviewed like code. */
export type StageDefaults = Omit<TokenApiConfig, 'stage' | 'secret' | 'auth' | 'customDomain'> & {
  readonly defaultAuthMode: AuthConfig['mode'];
  readonly defaultSecretName: string;
};

export const STAGES = {
  dev: {
    defaultAuthMode: 'api-key',
    defaultSecretName: 'tokenfn/dev/agora',
    corsAllowOrigins: [],
    compatRoutes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
    // New accounts have a concurrency quota of 10, and Lambda refuses a reservation that leaves
    // fewer than 10 unreserved: dev shares the pool.
    reservedConcurrency: undefined,
    memorySize: 256,
    timeout: Duration.seconds(10),
    logRetention: RetentionDays.ONE_WEEK,
    secretCacheSeconds: 300,
    secretMaxStaleSeconds: 3600,
    defaultExpiresIn: 3600,
    maxExpiresIn: 86400,
    alarms: {},
    alarmThresholds: {
      lambdaErrors: 5,
      lambdaThrottles: 1,
      p99DurationMs: 3000,
      api5xxPercent: 5,
      api4xxPercent: 50,
      credentialStoreFailures: 1,
      staleServes: 1,
      denials: 50,
    },
    retainOnDelete: false,
    metricsNamespace: 'tokenfn',
    dashboard: true,
  },
  prod: {
    defaultAuthMode: 'jwt',
    defaultSecretName: 'tokenfn/prod/agora',
    corsAllowOrigins: [],
    compatRoutes: false,
    throttle: { rateLimit: 200, burstLimit: 400 },
    reservedConcurrency: 100,
    memorySize: 512,
    timeout: Duration.seconds(10),
    logRetention: RetentionDays.THREE_MONTHS,
    secretCacheSeconds: 300,
    secretMaxStaleSeconds: 3600,
    defaultExpiresIn: 3600,
    maxExpiresIn: 86400,
    alarms: {},
    // production: the construct's own defaults
    alarmThresholds: DEFAULT_ALARM_THRESHOLDS,
    retainOnDelete: true,
    metricsNamespace: 'tokenfn',
    dashboard: true,
  },
} as const satisfies Record<string, StageDefaults>;

export type StageName = keyof typeof STAGES;

/** Reads one context value (`-c key=value` or cdk.json `context`). */
export type ContextReader = (key: string) => unknown;

export { StageConfigError };

const SECRET_COMPLETE_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
const SECRET_ANY_ARN = /^arn:aws[a-z-]*:secretsmanager:/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const ACM_CERT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new StageConfigError(`context "${key}" must be a string`);
  return value.trim();
}

function list(read: ContextReader, key: string): string[] | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter((item) => item !== '');
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  throw new StageConfigError(`context "${key}" must be a comma-separated string or a list`);
}

function flag(read: ContextReader, key: string): boolean | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new StageConfigError(`context "${key}" must be true or false`);
}

function resolveSecret(read: ContextReader, defaults: StageDefaults): SecretSource {
  const arn = optionalString(read, 'secretArn');
  const name = optionalString(read, 'secretName');
  if (arn !== undefined && name !== undefined) {
    throw new StageConfigError('pass either -c secretArn=… or -c secretName=…, not both');
  }
  if (arn !== undefined) {
    if (SECRET_COMPLETE_ARN.test(arn)) return { kind: 'complete-arn', arn };
    if (SECRET_ANY_ARN.test(arn)) {
      throw new StageConfigError(
        'secretArn must be the complete ARN, ending in "-" and the 6 characters Secrets Manager appends ' +
          '(aws secretsmanager describe-secret --secret-id <name> --query ARN); or pass -c secretName=<name>',
      );
    }
    throw new StageConfigError(`secretArn is not a Secrets Manager ARN: ${arn}`);
  }
  if (name !== undefined) {
    if (!SECRET_NAME.test(name))
      throw new StageConfigError(`secretName has characters Secrets Manager refuses: ${name}`);
    return { kind: 'name', name };
  }
  return { kind: 'create', name: defaults.defaultSecretName };
}

function resolveSecretKey(read: ContextReader, secret: SecretSource): string | undefined {
  const arn = optionalString(read, 'secretKmsKeyArn');
  if (arn === undefined) return undefined;
  if (secret.kind === 'create') {
    throw new StageConfigError(
      'secretKmsKeyArn applies to an existing secret (-c secretArn=… or -c secretName=…)',
    );
  }
  if (!KMS_KEY_ARN.test(arn)) {
    throw new StageConfigError(
      `secretKmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>): ${arn}`,
    );
  }
  return arn;
}

function resolveClaims(read: ContextReader): ClaimBindings {
  const claims: Record<string, string> = {};
  for (const [key, field] of [
    ['jwtUidClaim', 'uidClaim'],
    ['jwtChannelsClaim', 'channelsClaim'],
    ['jwtPublishClaim', 'publishClaim'],
    ['chatAppClaim', 'chatAppClaim'],
  ] as const) {
    const value = optionalString(read, key);
    if (value === undefined) continue;
    claims[field] = value;
  }
  return claims;
}

function resolveAuth(read: ContextReader, defaults: StageDefaults, stage: string): AuthConfig {
  const mode = optionalString(read, 'authMode') ?? defaults.defaultAuthMode;
  switch (mode) {
    case 'jwt': {
      const issuer = optionalString(read, 'jwtIssuer');
      const audience = list(read, 'jwtAudience') ?? [];
      if (issuer === undefined || audience.length === 0) {
        throw new StageConfigError(
          `stage ${stage} uses authMode=jwt: pass -c jwtIssuer=https://… -c jwtAudience=<client id>[,…] ` +
            '(or choose -c authMode=api-key)',
        );
      }
      if (!/^https:\/\/[^\s]+$/.test(issuer)) throw new StageConfigError('jwtIssuer must be an https:// URL');
      return { mode: 'jwt', issuer, audience, ...resolveClaims(read) };
    }
    case 'api-key': {
      const hashes = (list(read, 'apiKeyHashes') ?? []).map((hash) => hash.toLowerCase());
      if (hashes.length === 0) {
        throw new StageConfigError(
          `stage ${stage} uses authMode=api-key: pass -c apiKeyHashes=<sha256 hex>[,…] ` +
            `(printf %s "$API_KEY" | sha256sum); never the keys themselves`,
        );
      }
      return { mode: 'api-key', apiKeyHashes: hashes, ...resolveClaims(read) };
    }
    case 'none': {
      if (flag(read, 'allowUnauthenticated') !== true) {
        throw new StageConfigError(
          'authMode=none lets anyone mint tokens: it needs -c allowUnauthenticated=true as well',
        );
      }
      return { mode: 'none', allowUnauthenticated: true };
    }
    default:
      throw new StageConfigError(`authMode must be jwt, api-key or none, not ${mode}`);
  }
}

function resolveOrigins(read: ContextReader, defaults: StageDefaults): string[] {
  return list(read, 'corsAllowOrigins') ?? [...defaults.corsAllowOrigins];
}

function resolveAlarms(read: ContextReader, defaults: StageDefaults): TokenApiConfig['alarms'] {
  const topicArn = optionalString(read, 'alarmTopicArn') ?? defaults.alarms.topicArn;
  const email = optionalString(read, 'alarmEmail') ?? defaults.alarms.email;
  if (topicArn !== undefined && !SNS_TOPIC_ARN.test(topicArn)) {
    throw new StageConfigError(`alarmTopicArn is not an SNS topic ARN: ${topicArn}`);
  }
  if (email !== undefined && !EMAIL.test(email))
    throw new StageConfigError(`alarmEmail is not an e-mail address`);
  return { ...(topicArn === undefined ? {} : { topicArn }), ...(email === undefined ? {} : { email }) };
}

function resolveDomain(read: ContextReader): TokenApiConfig['customDomain'] {
  const domainName = optionalString(read, 'domainName')?.toLowerCase();
  const certificateArn = optionalString(read, 'certificateArn');
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new StageConfigError('a custom domain needs both -c domainName=… and -c certificateArn=…');
  }
  if (!DOMAIN.test(domainName)) throw new StageConfigError(`domainName is not a domain name: ${domainName}`);
  if (!ACM_CERT_ARN.test(certificateArn)) {
    throw new StageConfigError(`certificateArn is not an ACM certificate ARN: ${certificateArn}`);
  }
  return { domainName, certificateArn };
}

/** The stage named by `-c stage=…` (default `dev`), with deployment-specific values from context. */
export function resolveStageConfig(read: ContextReader): TokenApiConfig {
  const stage = optionalString(read, 'stage') ?? 'dev';
  if (!Object.hasOwn(STAGES, stage)) {
    throw new StageConfigError(`unknown stage "${stage}"; known: ${Object.keys(STAGES).join(', ')}`);
  }
  const defaults: StageDefaults = STAGES[stage as StageName];
  const { defaultAuthMode: _mode, defaultSecretName: _name, ...tuning } = defaults;
  const customDomain = resolveDomain(read);
  const secret = resolveSecret(read, defaults);
  const secretKmsKeyArn = resolveSecretKey(read, secret);
  const config: TokenApiConfig = {
    ...tuning,
    stage,
    secret,
    ...(secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn }),
    auth: resolveAuth(read, defaults, stage),
    corsAllowOrigins: resolveOrigins(read, defaults),
    compatRoutes: flag(read, 'compatRoutes') ?? defaults.compatRoutes,
    alarms: resolveAlarms(read, defaults),
    ...(customDomain === undefined ? {} : { customDomain }),
  };
  // The app's own rules for what the function will be given (claim names, key hashes, origins, …).
  functionEnvironment(config, 'secret-id-checked-at-deploy');
  return config;
}
