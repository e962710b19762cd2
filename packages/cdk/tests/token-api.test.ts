// TokenApi inside someone else's stack: the five-line use synthesises and passes cdk-nag, the dashboard
// shows what it promises, and the alarms watch metrics the real Lambda handler writes from its log lines.
import { createLambdaHandler, METRIC_DIMENSIONS } from '@tokenfn/aws-lambda';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TokenApiConfigError } from '../src/config';
import { DASHBOARD_WIDGETS } from '../src/dashboard';
import { DEFAULT_ALARM_THRESHOLDS } from '../src/props';
import { TokenApi } from '../src/token-api';
import {
  API_KEY_HASH,
  cfnText,
  ISSUER,
  only,
  resources,
  SECRET_ARN,
  standInCode,
  TOPIC_ARN,
  templateOf,
  userStack,
} from './support/synth';

function apiKeyDeployment(extra: Partial<ConstructorParameters<typeof TokenApi>[2]> = {}) {
  const stack = userStack();
  const api = new TokenApi(stack, 'Tokens', {
    secret: { kind: 'complete-arn', arn: SECRET_ARN },
    auth: { mode: 'api-key', apiKeyHashes: [API_KEY_HASH] },
    code: standInCode(),
    ...extra,
  });
  return { stack, api, template: templateOf(stack) };
}

type AlarmProps = {
  AlarmName: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  EvaluationPeriods: number;
  ComparisonOperator: string;
  Statistic?: string;
  AlarmActions?: unknown[];
};

function alarmsByName(template: Template): Map<string, AlarmProps> {
  return new Map(
    Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) => {
      const props = a.Properties as unknown as AlarmProps;
      return [props.AlarmName.replace(/^tokenfn-main-/, ''), props];
    }),
  );
}

describe('TokenApi in a user stack', () => {
  it('synthesises with the documented defaults and passes cdk-nag', () => {
    const { template } = apiKeyDeployment();
    const fn = only(template, 'AWS::Lambda::Function').Properties as {
      MemorySize: number;
      Timeout: number;
      Environment: { Variables: Record<string, string> };
    };
    expect(fn.MemorySize).toBe(256);
    expect(fn.Timeout).toBe(10);
    expect(fn.Environment.Variables).toMatchObject({
      AUTH_MODE: 'api-key',
      API_KEY_HASHES: API_KEY_HASH,
      AGORA_SECRET_ID: SECRET_ARN,
      METRICS_NAMESPACE: 'tokenfn',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    for (const group of Object.values(resources(template, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties['RetentionInDays']).toBe(30);
    }
  });

  it('passes cdk-nag with the JWT authorizer, a custom domain and an e-mail topic too', () => {
    const stack = userStack();
    new TokenApi(stack, 'Tokens', {
      stage: 'prod',
      secret: { kind: 'name', name: 'tokenfn/prod/agora' },
      auth: { mode: 'jwt', issuer: ISSUER, audience: ['web'] },
      customDomain: {
        domainName: 'tokens.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555',
      },
      alarms: { email: 'oncall@example.com' },
      compatRoutes: true,
      code: standInCode(),
    });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
  });

  it('passes products, apps and agent grants to the function, checked as the function would', () => {
    const { template } = apiKeyDeployment({
      auth: {
        mode: 'api-key',
        apiKeyHashes: [API_KEY_HASH],
        apiKeyScopes: { [API_KEY_HASH]: { products: ['rtc', 'convoai'], apps: ['prod'] } },
        agentTokenClaim: 'agent',
      },
      defaultApp: 'prod',
      defaultProducts: ['rtc', 'rtm'],
    });
    const fn = only(template, 'AWS::Lambda::Function');
    const env = (fn['Properties'] as { Environment: { Variables: Record<string, string> } }).Environment
      .Variables;
    expect(env['API_KEY_SCOPES']).toBe(
      JSON.stringify({ [API_KEY_HASH]: { products: ['rtc', 'convoai'], apps: ['prod'] } }),
    );
    expect(env['AGENT_TOKEN_CLAIM']).toBe('agent');
    expect(env['AGORA_DEFAULT_APP']).toBe('prod');
    expect(env['DEFAULT_PRODUCTS']).toBe('rtc,rtm');
    expect(
      () =>
        new TokenApi(userStack(), 'Tokens', {
          secret: { kind: 'complete-arn', arn: SECRET_ARN },
          auth: { mode: 'api-key', apiKeyHashes: [API_KEY_HASH] },
          defaultProducts: ['rtc', 'video'],
          code: standInCode(),
        }),
    ).toThrow(/^defaultProducts: .*DEFAULT_PRODUCTS/);
  });

  it('refuses props the function would refuse, naming the prop', () => {
    const build = () =>
      new TokenApi(userStack(), 'Tokens', {
        secret: { kind: 'complete-arn', arn: SECRET_ARN },
        auth: { mode: 'api-key', apiKeyHashes: ['not-a-hash'] },
        code: standInCode(),
      });
    expect(build).toThrow(TokenApiConfigError);
    expect(build).toThrow(/^auth\.apiKeyHashes: .*API_KEY_HASHES/);
    expect(
      () =>
        new TokenApi(userStack(), 'Tokens', {
          stage: 'Prod!',
          secret: { kind: 'create' },
          auth: { mode: 'none', allowUnauthenticated: true },
          code: standInCode(),
        }),
    ).toThrow(/stage must be/);
  });
});

describe('the dashboard', () => {
  const { template } = apiKeyDeployment();
  const dashboard = only(template, 'AWS::CloudWatch::Dashboard').Properties;
  const body = JSON.parse(cfnText(dashboard['DashboardBody'])) as {
    widgets: { type: string; properties: Record<string, unknown> }[];
  };
  const graphs = body.widgets.filter((w) => w.type === 'metric');
  const byTitle = new Map(graphs.map((w) => [w.properties['title'] as string, w.properties]));
  const metricsOf = (title: string) => JSON.stringify(byTitle.get(title)?.['metrics'] ?? null);

  it('is named after the deployment and has the graphs it promises, in order', () => {
    expect(dashboard['DashboardName']).toBe('tokenfn-main');
    expect(graphs.map((w) => w.properties['title'])).toEqual([...DASHBOARD_WIDGETS]);
  });

  it('shows the alarms’ states', () => {
    const status = body.widgets.find((w) => w.type === 'alarm');
    const alarms = status?.properties['alarms'] as string[];
    expect(alarms).toHaveLength(Object.keys(resources(template, 'AWS::CloudWatch::Alarm')).length);
  });

  it('requests and 4xx/5xx come from API Gateway', () => {
    expect(metricsOf('Requests')).toContain('"AWS/ApiGateway","Count"');
    expect(metricsOf('4xx and 5xx')).toContain('"AWS/ApiGateway","4xx"');
    expect(metricsOf('4xx and 5xx')).toContain('"AWS/ApiGateway","5xx"');
  });

  it('tokens by product and app, and denials by reason, search the function’s own metrics', () => {
    expect(metricsOf('Tokens issued by product')).toMatch(
      /SEARCH\('\{tokenfn,Service,Product\} MetricName=\\"TokensIssued\\" Service=\\"<Tokens\w+>\\"'/,
    );
    expect(metricsOf('Tokens issued by app')).toContain(
      '{tokenfn,Service,Product,App} MetricName=\\"TokensIssued\\"',
    );
    expect(metricsOf('Denials by reason')).toContain('{tokenfn,Service,Reason} MetricName=\\"Denials\\"');
  });

  it('latency has p50 and p99; the store graph has failures and stale serves', () => {
    const latency = metricsOf('Latency (p50, p99)');
    expect(latency).toContain('"tokenfn","Latency"');
    expect(latency).toContain('"stat":"p50"');
    expect(latency).toContain('"stat":"p99"');
    const store = metricsOf('Credential store');
    expect(store).toContain('"CredentialStoreFailures"');
    expect(store).toContain('"StaleServes"');
  });

  it('can be left out', () => {
    apiKeyDeployment({ dashboard: false }).template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});

describe('the alarms', () => {
  it('alarm on the credential store, stale serving and denial spikes, with the default thresholds', () => {
    const alarms = alarmsByName(apiKeyDeployment().template);
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
      ].sort(),
    );
    expect(alarms.get('CredentialStoreUnavailable')).toMatchObject({
      Namespace: 'tokenfn',
      MetricName: 'CredentialStoreFailures',
      Statistic: 'Sum',
      Threshold: DEFAULT_ALARM_THRESHOLDS.credentialStoreFailures,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'Service', Value: { Ref: expect.stringMatching(/^TokensTokenFunction/) } }],
    });
    expect(alarms.get('StaleCredentials')).toMatchObject({ MetricName: 'StaleServes', Threshold: 1 });
    expect(alarms.get('DenialSpike')).toMatchObject({
      MetricName: 'Denials',
      Threshold: DEFAULT_ALARM_THRESHOLDS.denials,
      EvaluationPeriods: 3,
    });
    expect(alarms.get('DenialSpike')?.AlarmActions).toBeUndefined();
  });

  it('take given thresholds and notify a given topic', () => {
    const alarms = alarmsByName(
      apiKeyDeployment({ alarmThresholds: { denials: 7 }, alarms: { topicArn: TOPIC_ARN } }).template,
    );
    expect(alarms.get('DenialSpike')?.Threshold).toBe(7);
    expect(alarms.get('StaleCredentials')?.Threshold).toBe(1);
    for (const alarm of alarms.values()) expect(alarm.AlarmActions).toEqual([TOPIC_ARN]);
  });

  it('watch metrics the real handler writes, under the namespace and dimensions it writes them', async () => {
    const { template } = apiKeyDeployment({ metricsNamespace: 'tokenfn-e2e' });
    const fn = only(template, 'AWS::Lambda::Function').Properties as {
      Environment: { Variables: Record<string, string> };
    };
    // The synthesised environment, with local credentials standing in for the secret and a store that fails.
    const lines: string[] = [];
    const handler = createLambdaHandler({
      env: { ...fn.Environment.Variables, AWS_LAMBDA_FUNCTION_NAME: 'tokenfn-fn' },
      credentials: { get: () => Promise.reject(new Error('store down')) },
      writeLog: (line) => lines.push(line),
    });
    const request = (key: string) => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/tokens/rtc',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      requestContext: {
        http: { method: 'POST', path: '/v1/tokens/rtc', sourceIp: '192.0.2.1' },
        requestId: 'r1',
      },
      body: JSON.stringify({ channel: 'c', uid: 1 }),
      isBase64Encoded: false,
    });
    await handler(request('a-wrong-api-key-of-some-length') as never, { awsRequestId: 'a' });
    await handler(request('another-wrong-api-key-000') as never, { awsRequestId: 'b' });
    const written = new Set<string>();
    for (const line of lines) {
      const root = JSON.parse(line) as {
        _aws?: {
          CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
        };
      };
      for (const d of root._aws?.CloudWatchMetrics ?? []) {
        for (const set of d.Dimensions)
          for (const m of d.Metrics) written.add(`${d.Namespace} ${m.Name} ${set.join(',')}`);
      }
    }
    // Every alarm on the function's own metrics names a metric the handler wrote (auth failures, a
    // credential-store failure), with exactly the dimension names it wrote.
    const own = [...alarmsByName(template).values()].filter((a) => a.Namespace === 'tokenfn-e2e');
    expect(own.length).toBe(3);
    const watched = own.map(
      (a) => `${a.Namespace} ${a.MetricName} ${a.Dimensions?.map((d) => d.Name).join(',')}`,
    );
    expect(watched.every((w) => w.endsWith(` ${METRIC_DIMENSIONS.service}`))).toBe(true);
    expect(written).toContain('tokenfn-e2e AuthFailures Service');
    expect(watched.filter((w) => written.has(w))).toContain('tokenfn-e2e CredentialStoreFailures Service');
    // Denials and stale serves need other traffic; their names are the ones the handler's module defines.
    for (const w of watched)
      expect(w).toMatch(/^tokenfn-e2e (CredentialStoreFailures|StaleServes|Denials) Service$/);
  });
});
