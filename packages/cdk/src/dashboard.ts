import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IWidget,
  MathExpression,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { TokenApiConfig } from './config.js';
import type { TokenApiMetrics } from './metrics.js';

export interface TokenApiDashboardProps {
  readonly config: TokenApiConfig;
  readonly handler: IFunction;
  readonly api: IHttpApi;
  readonly metrics: TokenApiMetrics;
  readonly alarms: readonly Alarm[];
}

const PERIOD = Duration.minutes(5);

/** The titles of the dashboard's graphs, in reading order. */
export const DASHBOARD_WIDGETS = [
  'Requests',
  '4xx and 5xx',
  'Tokens issued by product',
  'Tokens issued by app',
  'Denials by reason',
  'Authentication failures',
  'Latency (p50, p99)',
  'Credential store',
] as const;

/**
 * One CloudWatch dashboard for the deployment: traffic and error rates from API Gateway, tokens, denials
 * and credential-store health from the function's own metrics, latency from both, and the alarms' states.
 */
export class TokenApiDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: TokenApiDashboardProps) {
    super(scope, id);
    const { config, api, handler, metrics } = props;
    const [requests, errors, byProduct, byApp, denials, authFailures, latency, store] = DASHBOARD_WIDGETS;
    const widgets: IWidget[][] = [
      [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 })],
      [
        new GraphWidget({
          title: requests,
          left: [
            api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'API requests' }),
            handler.metricInvocations({ period: PERIOD, statistic: 'Sum', label: 'function invocations' }),
          ],
          width: 12,
        }),
        new GraphWidget({
          title: errors,
          left: [
            api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
            api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
          ],
          right: [
            new MathExpression({
              label: '5xx %',
              expression: 'IF(requests > 0, 100 * errors / requests, 0)',
              usingMetrics: {
                errors: api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
                requests: api.metricCount({ period: PERIOD, statistic: 'Sum' }),
              },
              period: PERIOD,
            }),
          ],
          width: 12,
        }),
      ],
      [
        new GraphWidget({
          title: byProduct,
          left: [metrics.searchBy('tokensIssued', 'product', 'tokens')],
          stacked: true,
          width: 12,
        }),
        new GraphWidget({
          title: byApp,
          left: [metrics.searchBy('tokensIssued', 'app', 'tokens')],
          stacked: true,
          width: 12,
        }),
      ],
      [
        new GraphWidget({
          title: denials,
          left: [metrics.searchBy('denials', 'reason', 'denials')],
          stacked: true,
          width: 12,
        }),
        new GraphWidget({
          title: authFailures,
          left: [metrics.metric('authFailures', { label: '401 answers' })],
          width: 12,
        }),
      ],
      [
        new GraphWidget({
          title: latency,
          left: [
            metrics.metric('latency', { statistic: 'p50', label: 'app p50' }),
            metrics.metric('latency', { statistic: 'p99', label: 'app p99' }),
            handler.metricDuration({ period: PERIOD, statistic: 'p99', label: 'function p99 (with init)' }),
          ],
          leftYAxis: { label: 'ms', showUnits: false, min: 0 },
          width: 12,
        }),
        new GraphWidget({
          title: store,
          left: [
            metrics.metric('credentialStoreFailures', { label: 'store failures' }),
            metrics.metric('staleServes', { label: 'stale serves' }),
          ],
          width: 12,
        }),
      ],
    ];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `tokenfn-${config.stage}`,
      defaultInterval: Duration.hours(3),
      widgets,
    });
  }
}
