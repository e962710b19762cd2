// Where GetSecretValue goes: a configured endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL),
// or the regional endpoint of the region's partition, as the AWS SDK resolves it (tested against the SDK's
// own resolver in tests/secrets-manager-endpoint.test.ts).

interface Partition {
  readonly pattern: RegExp;
  readonly dnsSuffix: string;
  readonly dualStackDnsSuffix: string;
}

// Region patterns and DNS suffixes of the AWS partitions (public endpoint data). A region that matches none
// belongs to the commercial partition, as in the SDK.
const AWS: Partition = { pattern: /^/, dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' };
const PARTITIONS: readonly Partition[] = [
  {
    pattern: /^cn-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com.cn',
    dualStackDnsSuffix: 'api.amazonwebservices.com.cn',
  },
  { pattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' },
  {
    pattern: /^eusc-de-\w+-\d+$/,
    dnsSuffix: 'amazonaws.eu',
    dualStackDnsSuffix: 'api.amazonwebservices.eu',
  },
  { pattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov', dualStackDnsSuffix: 'api.aws.ic.gov' },
  { pattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov', dualStackDnsSuffix: 'api.aws.scloud' },
  {
    pattern: /^eu-isoe-\w+-\d+$/,
    dnsSuffix: 'cloud.adc-e.uk',
    dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk',
  },
  { pattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov', dualStackDnsSuffix: 'api.aws.hci.ic.gov' },
];

export interface EndpointOptions {
  region: string;
  useFips?: boolean;
  useDualStack?: boolean;
}

/** `https://secretsmanager[-fips].<region>.<partition's (dual-stack) DNS suffix>`. */
export function regionalEndpoint({ region, useFips = false, useDualStack = false }: EndpointOptions): string {
  const partition = PARTITIONS.find((p) => p.pattern.test(region)) ?? AWS;
  const suffix = useDualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
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
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']?.toLowerCase() === 'true') return undefined;
  return env['AWS_ENDPOINT_URL_SECRETS_MANAGER']?.trim() || env['AWS_ENDPOINT_URL']?.trim() || undefined;
}
