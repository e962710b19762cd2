// Where the built-in client sends GetSecretValue, compared with where @aws-sdk/client-secrets-manager sends
// it: the SDK's own endpoint rules (client.config.endpointProvider, the resolver the client runs) for a
// region of every partition, and the SDK's whole environment handling (a real client's request, captured
// before it leaves the process) for configured endpoints and the FIPS / dual-stack switches.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '@tokenfn/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsManagerEndpointFromEnv } from '../src/credentials-from-env';
import { configuredEndpoint, isValidRegion, regionalEndpoint } from '../src/secrets-manager-endpoint';
import { FAKE_CREDENTIALS } from './fakes/secrets-manager';
import { awsEnvFor } from './support/aws-env';

// One region per partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc),
// recent commercial ones, and names the SDK's partition table does not list: they take the partition whose
// pattern they match, else the commercial one.
const REGIONS = [
  'us-east-1',
  'eu-west-3',
  'ap-southeast-7',
  'mx-central-1',
  'il-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-gov-east-1',
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'us-isof-east-1',
  'eusc-de-east-1',
  'xx-new-1',
  'cn-new-9',
  'us-isob-new-3',
  'eusc-fr-east-1',
];

const sdk = new SecretsManagerClient({
  region: 'us-east-1',
  credentials: { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: 'unused' },
});

describe('regionalEndpoint agrees with the SDK endpoint rules', () => {
  const cases = REGIONS.flatMap((region) =>
    [false, true].flatMap((useFips) =>
      [false, true].map((useDualStack) => ({ region, useFips, useDualStack })),
    ),
  );

  it.each(cases)('$region fips=$useFips dualstack=$useDualStack', ({ region, useFips, useDualStack }) => {
    // Every partition of this SDK supports both FIPS and dual-stack, so the rules never refuse these.
    const expected = sdk.config.endpointProvider({
      Region: region,
      UseFIPS: useFips,
      UseDualStack: useDualStack,
    });
    const ours = regionalEndpoint({ region, useFips, useDualStack });
    expect(new URL(ours).href).toBe(expected.url.href);
    // Exactly the form the client builds its requests on: origin only, no path, no trailing slash.
    expect(ours).toBe(expected.url.origin);
  });

  it('the defaults are neither FIPS nor dual-stack', () => {
    expect(regionalEndpoint({ region: 'eu-west-3' })).toBe('https://secretsmanager.eu-west-3.amazonaws.com');
  });

  it('the cases cover every distinct DNS suffix the SDK produces (a sanity check on the table above)', () => {
    const suffixes = new Set(
      cases.map((c) => {
        const host = new URL(regionalEndpoint(c)).hostname;
        return host.slice(host.indexOf(c.region) + c.region.length + 1);
      }),
    );
    expect([...suffixes].sort()).toEqual(
      [
        'amazonaws.com',
        'amazonaws.com.cn',
        'api.amazonwebservices.com.cn',
        'amazonaws.eu',
        'api.amazonwebservices.eu',
        'c2s.ic.gov',
        'api.aws.ic.gov',
        'sc2s.sgov.gov',
        'api.aws.scloud',
        'cloud.adc-e.uk',
        'api.cloud-aws.adc-e.uk',
        'csp.hci.ic.gov',
        'api.aws.hci.ic.gov',
      ].sort(),
    );
  });
});

describe('isValidRegion', () => {
  it.each(REGIONS)('accepts %s', (region) => expect(isValidRegion(region)).toBe(true));

  it.each([
    ['empty', ''],
    ['upper case', 'US-EAST-1'],
    ['a leading hyphen', '-us-east-1'],
    ['a trailing hyphen', 'us-east-1-'],
    ['a dot (two DNS labels)', 'us-east-1.evil.example'],
    ['a slash', 'us-east-1/x'],
    ['a space', 'us east 1'],
    ['an underscore', 'us_east_1'],
    ['64 characters', 'a'.repeat(64)],
    ['an @ that would move the host', 'x@evil.example'],
  ])('refuses %s', (_name, region) => expect(isValidRegion(region)).toBe(false));

  it('a label of 63 characters is still one DNS label', () => {
    expect(isValidRegion('a'.repeat(63))).toBe(true);
  });
});

describe('configuredEndpoint precedence', () => {
  const A = 'http://127.0.0.1:4566';
  const B = 'https://vpce-1.secretsmanager.example';

  it.each([
    ['nothing set', {}, undefined],
    ['only AWS_ENDPOINT_URL', { AWS_ENDPOINT_URL: B }, B],
    ['only the service-specific variable', { AWS_ENDPOINT_URL_SECRETS_MANAGER: A }, A],
    ['both: the service-specific one wins', { AWS_ENDPOINT_URL_SECRETS_MANAGER: A, AWS_ENDPOINT_URL: B }, A],
    [
      'an empty service-specific variable falls through',
      { AWS_ENDPOINT_URL_SECRETS_MANAGER: '', AWS_ENDPOINT_URL: B },
      B,
    ],
    ['surrounding white space is dropped', { AWS_ENDPOINT_URL_SECRETS_MANAGER: `  ${A}\n` }, A],
    [
      'ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true',
      {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: A,
        AWS_ENDPOINT_URL: B,
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      },
      undefined,
    ],
    [
      'kept when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false',
      { AWS_ENDPOINT_URL: B, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      B,
    ],
    ['another service’s variable is not ours', { AWS_ENDPOINT_URL_S3: A }, undefined],
  ] as [string, Record<string, string>, string | undefined][])('%s', (_name, env, expected) => {
    expect(configuredEndpoint(env)).toBe(expected);
  });
});

// The SDK reads its configuration from process.env and the shared config files; awsEnvFor points those
// at an empty directory. Its request is captured in the build step, after endpoint resolution and before
// signing or any connection, so no case ever leaves the process.
describe('the environment, read like the SDK reads it', () => {
  const VARIABLES = [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    'AWS_USE_FIPS_ENDPOINT',
    'AWS_USE_DUALSTACK_ENDPOINT',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_PROFILE',
  ];
  const saved = Object.fromEntries(VARIABLES.map((k) => [k, process.env[k]]));
  const base = awsEnvFor('unused');
  delete base['AWS_ENDPOINT_URL_SECRETS_MANAGER'];
  delete base['AWS_REGION'];
  beforeAll(() => {
    for (const k of VARIABLES) delete process.env[k];
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  class Captured extends Error {
    constructor(readonly url: string) {
      super('captured');
    }
  }

  /** The URL and signing region the SDK would use with exactly these variables, or the error it throws. */
  async function sdkResolution(vars: Record<string, string>): Promise<{ url: string } | { error: string }> {
    for (const k of VARIABLES) delete process.env[k];
    Object.assign(process.env, base, vars);
    const client = new SecretsManagerClient({});
    client.middlewareStack.add(
      () => async (args) => {
        const r = args.request as { protocol: string; hostname: string; port?: number; path: string };
        throw new Captured(`${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ''}${r.path}`);
      },
      { step: 'build', priority: 'low' },
    );
    try {
      await client.send(new GetSecretValueCommand({ SecretId: 's' }));
      throw new Error('the request was not captured');
    } catch (e) {
      if (e instanceof Captured) return { url: e.url };
      return { error: (e as Error).message };
    } finally {
      client.destroy();
      for (const k of VARIABLES) delete process.env[k];
    }
  }

  /** The URL the built-in client posts to: the endpoint, its path ending in `/` (as the SDK sends it). */
  function ours(vars: Record<string, string>): { url: string } | { error: string } {
    try {
      const url = new URL(secretsManagerEndpointFromEnv(vars).endpoint);
      if (!url.pathname.endsWith('/')) url.pathname += '/';
      return { url: url.href };
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return { error: (e as ConfigError).variable };
    }
  }

  const A = 'http://127.0.0.1:4566';
  const B = 'http://localhost:4567/base';
  const cases: [string, Record<string, string>][] = [
    ['region only', { AWS_REGION: 'eu-west-3' }],
    ['FIPS', { AWS_REGION: 'us-gov-west-1', AWS_USE_FIPS_ENDPOINT: 'true' }],
    ['dual-stack', { AWS_REGION: 'cn-north-1', AWS_USE_DUALSTACK_ENDPOINT: 'true' }],
    [
      'FIPS and dual-stack',
      { AWS_REGION: 'us-east-1', AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' },
    ],
    [
      'flags set to false',
      { AWS_REGION: 'us-east-1', AWS_USE_FIPS_ENDPOINT: 'false', AWS_USE_DUALSTACK_ENDPOINT: 'false' },
    ],
    ['service-specific endpoint', { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: A }],
    ['general endpoint with a path', { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: B }],
    ['both endpoints', { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: A, AWS_ENDPOINT_URL: B }],
    [
      'empty service-specific endpoint',
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: '', AWS_ENDPOINT_URL: B },
    ],
    [
      'endpoints ignored',
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: B, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    ],
    [
      'endpoints not ignored',
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: B, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
    ],
  ];

  it.each(cases)('%s: the same URL', async (_name, vars) => {
    const expected = await sdkResolution(vars);
    expect(expected).toHaveProperty('url');
    expect(ours(vars)).toEqual(expected);
  });

  it.each([
    [
      'a custom endpoint with FIPS',
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: A, AWS_USE_FIPS_ENDPOINT: 'true' },
      'AWS_ENDPOINT_URL',
    ],
    [
      'a custom endpoint with dual-stack',
      { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SECRETS_MANAGER: A, AWS_USE_DUALSTACK_ENDPOINT: 'true' },
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    ],
    ['no region', {}, 'AWS_REGION'],
    ['a region with a dot', { AWS_REGION: 'us-east-1.evil.example' }, 'AWS_REGION'],
  ] as [string, Record<string, string>, string][])(
    '%s: both refuse (ours names %s)',
    async (_name, vars, variable) => {
      expect(await sdkResolution(vars)).toHaveProperty('error');
      expect(ours(vars)).toEqual({ error: variable });
    },
  );

  // The SDK reads a switch that is neither `true` nor `false` as unset, so AWS_USE_FIPS_ENDPOINT=1 quietly
  // means a non-FIPS endpoint. The function refuses such a value, naming the variable.
  it.each([
    ['AWS_USE_FIPS_ENDPOINT', '1', { AWS_REGION: 'us-east-1' }],
    ['AWS_USE_FIPS_ENDPOINT', 'yes', { AWS_REGION: 'us-gov-west-1' }],
    ['AWS_USE_DUALSTACK_ENDPOINT', 'on', { AWS_REGION: 'us-isob-east-1' }],
    ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', '1', { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: A }],
  ] as [string, string, Record<string, string>][])(
    '%s=%s: the SDK ignores the value, the function refuses it',
    async (name, value, vars) => {
      expect(await sdkResolution({ ...vars, [name]: value })).toEqual(await sdkResolution(vars));
      expect(ours(vars)).toHaveProperty('url');
      expect(ours({ ...vars, [name]: value })).toEqual({ error: name });
    },
  );

  it('the switches are read in any case and with white space (TRUE is true, not unset as in the SDK)', () => {
    expect(
      secretsManagerEndpointFromEnv({ AWS_REGION: 'us-east-1', AWS_USE_FIPS_ENDPOINT: ' TRUE ' }).endpoint,
    ).toBe('https://secretsmanager-fips.us-east-1.amazonaws.com');
    expect(
      secretsManagerEndpointFromEnv({
        AWS_REGION: 'us-east-1',
        AWS_USE_FIPS_ENDPOINT: 'False',
        AWS_USE_DUALSTACK_ENDPOINT: '',
      }).endpoint,
    ).toBe('https://secretsmanager.us-east-1.amazonaws.com');
  });

  // The SDK for JavaScript reads only AWS_REGION; the function also takes AWS_DEFAULT_REGION (which Lambda
  // sets to the same value, and which the AWS CLI reads) when AWS_REGION is unset.
  it('AWS_DEFAULT_REGION alone: the SDK has no region, the function uses it', async () => {
    expect(await sdkResolution({ AWS_DEFAULT_REGION: 'eu-west-3' })).toEqual({ error: 'Region is missing' });
    expect(ours({ AWS_DEFAULT_REGION: 'eu-west-3' })).toEqual(
      await sdkResolution({ AWS_REGION: 'eu-west-3' }),
    );
  });

  // The SDK rewrites the legacy FIPS pseudo-regions (fips-us-east-1, us-east-1-fips) into the region plus
  // the FIPS flag. The function refuses them with a message that says what to set instead, rather than
  // build `secretsmanager.fips-us-east-1.amazonaws.com`, which does not exist, and sign for that region.
  it.each(['fips-us-east-1', 'us-gov-west-1-fips'])(
    'the pseudo-region %s is refused by name',
    async (region) => {
      expect(await sdkResolution({ AWS_REGION: region })).toHaveProperty('url');
      expect(() => secretsManagerEndpointFromEnv({ AWS_REGION: region })).toThrow(
        /AWS_REGION: is a FIPS pseudo-region/,
      );
    },
  );

  it('the region is signed for as configured; a custom endpoint does not change it', () => {
    expect(secretsManagerEndpointFromEnv({ AWS_REGION: 'eu-west-3', AWS_ENDPOINT_URL: A })).toEqual({
      endpoint: A,
      region: 'eu-west-3',
    });
    expect(
      secretsManagerEndpointFromEnv({ AWS_REGION: ' ', AWS_DEFAULT_REGION: 'ap-southeast-7' }).region,
    ).toBe('ap-southeast-7');
  });
});
