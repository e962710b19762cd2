// Where GetSecretValue goes: a configured endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL),
// or the regional endpoint of the region's partition, as the AWS SDK resolves it (tested against the SDK's
// own resolver in tests/secrets-manager-endpoint.test.ts).

import { ConfigError } from '@tokenfn/http';

interface Partition {
  readonly pattern: RegExp;
  readonly dnsSuffix: string;
  /** Where dual-stack requests go, without and with FIPS (Secrets Manager's own endpoint rules). */
  readonly dualStack: string;
  readonly fipsDualStack: string;
}

// Region patterns and DNS suffixes of the AWS partitions (public endpoint data). A region that matches none
// belongs to the commercial partition, as in the SDK. Secrets Manager's endpoint rules keep dual-stack
// requests on the usual hosts in aws and aws-us-gov (those endpoints already answer over IPv6), and in
// aws-cn without FIPS; the other partitions use their dual-stack DNS suffix.
const AWS: Partition = {
  pattern: /^/,
  dnsSuffix: 'amazonaws.com',
  dualStack: 'amazonaws.com',
  fipsDualStack: 'amazonaws.com',
};
const PARTITIONS: readonly Partition[] = [
  {
    pattern: /^cn-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com.cn',
    dualStack: 'amazonaws.com.cn',
    fipsDualStack: 'api.amazonwebservices.com.cn',
  },
  { pattern: /^us-gov-\w+-\d+$/, ...withSuffixes('amazonaws.com', 'amazonaws.com') },
  { pattern: /^eusc-de-\w+-\d+$/, ...withSuffixes('amazonaws.eu', 'api.amazonwebservices.eu') },
  { pattern: /^us-iso-\w+-\d+$/, ...withSuffixes('c2s.ic.gov', 'api.aws.ic.gov') },
  { pattern: /^us-isob-\w+-\d+$/, ...withSuffixes('sc2s.sgov.gov', 'api.aws.scloud') },
  { pattern: /^eu-isoe-\w+-\d+$/, ...withSuffixes('cloud.adc-e.uk', 'api.cloud-aws.adc-e.uk') },
  { pattern: /^us-isof-\w+-\d+$/, ...withSuffixes('csp.hci.ic.gov', 'api.aws.hci.ic.gov') },
];

function withSuffixes(dnsSuffix: string, dualStackDnsSuffix: string) {
  return { dnsSuffix, dualStack: dualStackDnsSuffix, fipsDualStack: dualStackDnsSuffix };
}

export interface EndpointOptions {
  region: string;
  useFips?: boolean;
  useDualStack?: boolean;
}

/** `https://secretsmanager[-fips].<region>.<the partition's DNS suffix for these options>`. */
export function regionalEndpoint({ region, useFips = false, useDualStack = false }: EndpointOptions): string {
  const partition = PARTITIONS.find((p) => p.pattern.test(region)) ?? AWS;
  const suffix = !useDualStack
    ? partition.dnsSuffix
    : useFips
      ? partition.fipsDualStack
      : partition.dualStack;
  return `https://secretsmanager${useFips ? '-fips' : ''}.${region}.${suffix}`;
}

/** A region is one DNS label: lower-case letters, digits and hyphens. */
export function isValidRegion(region: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(region);
}

/**
 * The configured endpoint, by the SDK's rules for environment variables: the service-specific
 * AWS_ENDPOINT_URL_SECRETS_MANAGER first, then AWS_ENDPOINT_URL, neither when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
 */
export function configuredEndpoint(env: Record<string, string | undefined>): string | undefined {
  if (booleanVariable(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')) return undefined;
  return env['AWS_ENDPOINT_URL_SECRETS_MANAGER']?.trim() || env['AWS_ENDPOINT_URL']?.trim() || undefined;
}

/**
 * `true` or `false` (any case); unset or empty is false. Anything else is a ConfigError, where the SDK
 * would quietly treat it as unset: AWS_USE_FIPS_ENDPOINT=1 must not mean a non-FIPS endpoint.
 */
export function booleanVariable(env: Record<string, string | undefined>, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigError(name, 'must be true or false');
}
