import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_ROUTES, CONTRACT_ROUTES } from '../lib/routes';
import { API_KEY_HASH, CERT_ARN, ISSUER, SECRET_ARN, synth } from './support/synth';

type Resource = { Type: string; Properties: Record<string, unknown> };

function only(template: Template, type: string): Record<string, unknown> {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
}

function routesByKey(template: Template): Map<string, Record<string, unknown>> {
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
  return new Map(routes.map((route) => [route.Properties['RouteKey'] as string, route.Properties]));
}

function environment(template: Template): Record<string, string> {
  const fn = only(template, 'AWS::Lambda::Function') as {
    Environment: { Variables: Record<string, string> };
  };
  return fn.Environment.Variables;
}

function policyStatements(template: Template): Array<Record<string, unknown>> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies.flatMap(
    (policy) =>
      (policy.Properties['PolicyDocument'] as { Statement: Array<Record<string, unknown>> }).Statement,
  );
}

function expectFunctionBasics(template: Template, memorySize: number) {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    MemorySize: memorySize,
    LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^TokenFunctionLogGroup') } },
  });
  // The role carries no managed policy (no AWSLambdaBasicExecutionRole: that one writes to any log group).
  const role = only(template, 'AWS::IAM::Role');
  expect(role['ManagedPolicyArns']).toBeUndefined();
}

function expectSecretOnlyPolicy(template: Template, secretResource: unknown) {
  const statements = policyStatements(template);
  const secretStatements = statements.filter((s) => JSON.stringify(s['Action']).includes('secretsmanager'));
  expect(secretStatements).toEqual([
    {
      Sid: 'ReadAgoraSecret',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: secretResource,
    },
  ]);
  // No statement anywhere grants a "*" action or resource.
  for (const statement of statements) {
    expect(JSON.stringify(statement['Action'])).not.toContain('*');
    expect(JSON.stringify(statement['Resource'])).not.toContain('*');
  }
  // Logs only to the function's own log group.
  expect(statements).toContainEqual({
    Sid: 'WriteOwnLogGroup',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TokenFunctionLogGroup/), 'Arn'] },
  });
}

function expectAccessLogsAndThrottle(template: Template, rateLimit: number, burstLimit: number) {
  const stage = only(template, 'AWS::ApiGatewayV2::Stage') as {
    StageName: string;
    DefaultRouteSettings: Record<string, number>;
    AccessLogSettings: { DestinationArn: unknown; Format: string };
  };
  expect(stage.StageName).toBe('$default');
  expect(stage.DefaultRouteSettings).toEqual({
    ThrottlingRateLimit: rateLimit,
    ThrottlingBurstLimit: burstLimit,
  });
  expect(stage.AccessLogSettings.DestinationArn).toEqual({
    'Fn::GetAtt': [expect.stringMatching(/^HttpApiAccessLogs/), 'Arn'],
  });
  const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
  expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  // Never a header value in the access log (Authorization, X-API-Key).
  expect(stage.AccessLogSettings.Format).not.toMatch(/header/i);
}

function expectRetention(template: Template, days: number) {
  const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[];
  expect(groups).toHaveLength(2);
  for (const group of groups) expect(group.Properties['RetentionInDays']).toBe(days);
}

function alarmsByName(template: Template): Map<string, Record<string, unknown>> {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  return new Map(alarms.map((alarm) => [alarm.Properties['AlarmName'] as string, alarm.Properties]));
}

function expectAlarms(template: Template, stage: string, withActions: boolean) {
  const alarms = alarmsByName(template);
  expect([...alarms.keys()].sort()).toEqual(
    [
      'Api4xxRate',
      'Api5xxRate',
      'CredentialStoreUnavailable',
      'DenialSpike',
      'LambdaErrors',
      'LambdaP99Duration',
      'LambdaThrottles',
      'StaleCredentials',
    ]
      .map((name) => `tokenfn-${stage}-${name}`)
      .sort(),
  );
  const errors = alarms.get(`tokenfn-${stage}-LambdaErrors`)!;
  expect(errors).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Statistic: 'Sum' });
  expect(alarms.get(`tokenfn-${stage}-LambdaThrottles`)).toMatchObject({ MetricName: 'Throttles' });
  expect(alarms.get(`tokenfn-${stage}-LambdaP99Duration`)).toMatchObject({
    MetricName: 'Duration',
    ExtendedStatistic: 'p99',
  });
  for (const [name, metric] of [
    ['Api5xxRate', '5xx'],
    ['Api4xxRate', '4xx'],
  ] as const) {
    const alarm = alarms.get(`tokenfn-${stage}-${name}`) as { Metrics: Array<Record<string, unknown>> };
    expect(alarm.Metrics).toContainEqual(
      expect.objectContaining({ Expression: expect.stringContaining('100 *') }),
    );
    expect(JSON.stringify(alarm.Metrics)).toContain(`"MetricName":"${metric}"`);
    expect(JSON.stringify(alarm.Metrics)).toContain('"MetricName":"Count"');
    expect(JSON.stringify(alarm.Metrics)).toContain('"AWS/ApiGateway"');
  }
  for (const alarm of alarms.values()) {
    expect(alarm['TreatMissingData']).toBe('notBreaching');
    if (withActions) expect(alarm['AlarmActions']).toHaveLength(1);
    else expect(alarm['AlarmActions']).toBeUndefined();
  }
}

describe('dev stage: api-key auth, a new empty secret', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({ stage: 'dev', apiKeyHashes: API_KEY_HASH.toUpperCase() }));
  });

  it('runs the bundle on Node.js 24 arm64 with JSON logs into its own log group', () => {
    expectFunctionBasics(template, 256);
    const fn = only(template, 'AWS::Lambda::Function');
    expect(fn['ReservedConcurrentExecutions']).toBeUndefined();
    expect(fn['Timeout']).toBe(10);
  });

  it('passes the app configuration variables, hashes (lower-cased) and never a raw key', () => {
    expect(environment(template)).toEqual({
      AGORA_SECRET_ID: { Ref: expect.stringMatching(/^AgoraSecret/) },
      SECRET_CACHE_SECONDS: '300',
      SECRET_MAX_STALE_SECONDS: '3600',
      DEFAULT_EXPIRES_IN: '3600',
      MAX_EXPIRES_IN: '86400',
      METRICS_NAMESPACE: 'tokenfn',
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: API_KEY_HASH,
    });
  });

  it('creates the secret empty, with filling instructions, deleted with a dev stack', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const [secret] = Object.values(secrets) as Array<Resource & { DeletionPolicy: string }>;
    expect(secret!.Properties['Name']).toBe('tokenfn/dev/agora');
    expect(secret!.Properties['GenerateSecretString']).toBeUndefined();
    expect(secret!.Properties['SecretString']).toBeUndefined();
    expect(secret!.Properties['Description']).toContain('aws secretsmanager put-secret-value');
    expect(secret!.DeletionPolicy).toBe('Delete');
  });

  it('grants GetSecretValue on that secret only', () => {
    const [logicalId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    expectSecretOnlyPolicy(template, { Ref: logicalId });
  });

  it('has no API Gateway authorizer: the function checks X-API-Key on every contract route', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    const routes = routesByKey(template);
    expect([...routes.keys()].sort()).toEqual(CONTRACT_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes.values()) expect(route['AuthorizationType']).toBe('NONE');
  });

  it('throttles the stage and writes JSON access logs; both log groups keep 7 days', () => {
    expectAccessLogsAndThrottle(template, 10, 20);
    expectRetention(template, 7);
  });

  it('has the eight alarms, without actions when no topic or e-mail is configured', () => {
    expectAlarms(template, 'dev', false);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('has no CORS configuration unless origins are given', () => {
    expect(only(template, 'AWS::ApiGatewayV2::Api')['CorsConfiguration']).toBeUndefined();
  });

  it('outputs the API URL and the secret ARN', () => {
    const outputs = template.findOutputs('*');
    expect(JSON.stringify(outputs['ApiUrl']?.['Value'])).toContain('execute-api');
    expect(outputs['SecretArn']?.['Value']).toEqual({ Ref: expect.stringMatching(/^AgoraSecret/) });
  });
});

describe('prod stage: JWT authorizer, existing secret by ARN, e-mail alarms, custom domain, compat, CORS', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({
      stage: 'prod',
      jwtIssuer: ISSUER,
      jwtAudience: 'web-client, ios-client',
      jwtUidClaim: 'agora_uid',
      jwtChannelsClaim: 'channels',
      jwtPublishClaim: 'can_publish',
      secretArn: SECRET_ARN,
      alarmEmail: 'oncall@example.com',
      domainName: 'tokens.example.com',
      certificateArn: CERT_ARN,
      compatRoutes: 'true',
      corsAllowOrigins: 'https://app.example.com,https://admin.example.com',
    }));
  });

  it('runs with prod memory, reserved concurrency and gateway auth', () => {
    expectFunctionBasics(template, 512);
    expect(only(template, 'AWS::Lambda::Function')['ReservedConcurrentExecutions']).toBe(100);
    expect(environment(template)).toEqual({
      AGORA_SECRET_ID: SECRET_ARN,
      SECRET_CACHE_SECONDS: '300',
      SECRET_MAX_STALE_SECONDS: '3600',
      DEFAULT_EXPIRES_IN: '3600',
      MAX_EXPIRES_IN: '86400',
      METRICS_NAMESPACE: 'tokenfn',
      AUTH_MODE: 'gateway',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: 'web-client,ios-client',
      JWT_UID_CLAIM: 'agora_uid',
      JWT_CHANNELS_CLAIM: 'channels',
      JWT_PUBLISH_CLAIM: 'can_publish',
      CORS_ALLOW_ORIGINS: 'https://app.example.com,https://admin.example.com',
      COMPAT_ROUTES: 'agora-token-service',
    });
  });

  it('grants GetSecretValue on exactly the given ARN and creates no secret', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expectSecretOnlyPolicy(template, SECRET_ARN);
    expect(template.findOutputs('SecretArn')['SecretArn']?.['Value']).toBe(SECRET_ARN);
  });

  it('has a JWT authorizer with the issuer and audiences', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['web-client', 'ios-client'] },
    });
  });

  it('guards token and compat routes with the authorizer, not /, /healthz, /readyz, /openapi.json', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const routes = routesByKey(template);
    const all = [...CONTRACT_ROUTES, ...COMPAT_ROUTES];
    expect([...routes.keys()].sort()).toEqual(all.map((r) => `${r.method} ${r.path}`).sort());
    for (const spec of all) {
      const route = routes.get(`${spec.method} ${spec.path}`)!;
      if (spec.public) {
        expect(route['AuthorizationType'], spec.path).toBe('NONE');
        expect(route['AuthorizerId'], spec.path).toBeUndefined();
      } else {
        expect(route['AuthorizationType'], spec.path).toBe('JWT');
        expect(route['AuthorizerId'], spec.path).toEqual({ Ref: authorizerId });
      }
    }
    // Written out, not derived from the route table: exactly these four are public.
    const open = [...routes].filter(([, route]) => route['AuthorizationType'] === 'NONE').map(([key]) => key);
    expect(open.sort()).toEqual(['GET /', 'GET /healthz', 'GET /openapi.json', 'GET /readyz']);
    expect(routes.size).toBe(21);
    expect(routes.get('POST /v1/tokens/rtc')!['AuthorizationType']).toBe('JWT');
    expect(
      routes.get('GET /rte/{channelName}/{role}/{tokenType}/{rtcuid}/{rtmuid}')!['AuthorizationType'],
    ).toBe('JWT');
  });

  it('gives API Gateway one invoke permission scoped to this API', () => {
    const permission = only(template, 'AWS::Lambda::Permission');
    expect(permission['Principal']).toBe('apigateway.amazonaws.com');
    expect(JSON.stringify(permission['SourceArn'])).toContain('HttpApi');
  });

  it('answers CORS preflights for the configured origins only', () => {
    expect(only(template, 'AWS::ApiGatewayV2::Api')['CorsConfiguration']).toMatchObject({
      AllowOrigins: ['https://app.example.com', 'https://admin.example.com'],
      AllowMethods: ['GET', 'POST', 'OPTIONS'],
      AllowHeaders: expect.arrayContaining(['authorization', 'content-type', 'x-api-key']),
    });
  });

  it('throttles at prod rates, logs access in JSON, keeps logs 90 days and retains them on delete', () => {
    expectAccessLogsAndThrottle(template, 200, 400);
    expectRetention(template, 90);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group['DeletionPolicy']).toBe('Retain');
    }
  });

  it('sends every alarm to an SSL-only topic with the e-mail subscribed', () => {
    expectAlarms(template, 'prod', true);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(template.findOutputs('AlarmTopicArn')['AlarmTopicArn']).toBeDefined();
  });

  it('maps the custom domain (TLS 1.2) and outputs its URL and DNS target', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'tokens.example.com',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERT_ARN, SecurityPolicy: 'TLS_1_2' })],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const outputs = template.findOutputs('*');
    expect(outputs['ApiUrl']?.['Value']).toBe('https://tokens.example.com/');
    expect(outputs['CustomDomainTarget']?.['Value']).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^HttpApiDomainName/), 'RegionalDomainName'],
    });
  });
});

describe('prod stage: existing secret by name, alarms to an existing topic', () => {
  let template: Template;
  const topicArn = 'arn:aws:sns:eu-west-1:123456789012:platform-alarms';
  const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  beforeAll(() => {
    ({ template } = synth({
      stage: 'prod',
      authMode: 'api-key',
      apiKeyHashes: API_KEY_HASH,
      secretName: 'tokenfn/prod/agora',
      secretKmsKeyArn: kmsKeyArn,
      alarmTopicArn: topicArn,
    }));
  });

  it('names the one secret with the exact-length "??????" suffix, never "*"', () => {
    const statement = policyStatements(template).find((s) => s['Sid'] === 'ReadAgoraSecret')!;
    const resource = JSON.stringify(statement['Resource']);
    expect(resource).toMatch(/:secret:tokenfn\/prod\/agora-\?\?\?\?\?\?"/);
    expect(resource).not.toContain('*');
    expect(environment(template)['AGORA_SECRET_ID']).toBe('tokenfn/prod/agora');
  });

  it("may decrypt with the secret's customer-managed key, through Secrets Manager only", () => {
    const statement = policyStatements(template).find((s) => s['Sid'] === 'DecryptAgoraSecret')!;
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: kmsKeyArn });
    expect(JSON.stringify(statement['Condition'])).toMatch(
      /"kms:ViaService":\{"Fn::Join":\["",\["secretsmanager\.",\{"Ref":"AWS::Region"\}/,
    );
  });

  it('sends alarms to the given topic and creates none', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of alarmsByName(template).values()) expect(alarm['AlarmActions']).toEqual([topicArn]);
  });

  it('uses API-key auth in prod when asked, with no authorizer', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    expect(environment(template)['AUTH_MODE']).toBe('api-key');
  });
});

describe('authMode=none, explicitly allowed', () => {
  it('sets ALLOW_UNAUTHENTICATED and has no authorizer', () => {
    const { template } = synth({ stage: 'dev', authMode: 'none', allowUnauthenticated: 'true' });
    const env = environment(template);
    expect(env['AUTH_MODE']).toBe('none');
    expect(env['ALLOW_UNAUTHENTICATED']).toBe('true');
    expect(env['API_KEY_HASHES']).toBeUndefined();
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });
});
