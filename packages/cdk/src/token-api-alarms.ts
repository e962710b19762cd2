import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { TokenApiConfig } from './config.js';
import type { TokenApiMetrics } from './metrics.js';

export interface TokenApiAlarmsProps {
  readonly config: TokenApiConfig;
  readonly handler: IFunction;
  readonly api: IHttpApi;
  /** The function's own metrics (from its log lines). */
  readonly metrics: TokenApiMetrics;
}

const PERIOD = Duration.minutes(5);

/**
 * The alarms a platform engineer reads first: the credential store unavailable or being served stale,
 * denial spikes, function failures and slowness, API error rates. docs/running-it.md says what each
 * one means and what to do.
 */
export class TokenApiAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, props: TokenApiAlarmsProps) {
    super(scope, id);
    const { config, handler, api, metrics } = props;
    const thresholds = config.alarmThresholds;
    const prefix = `tokenfn-${config.stage}`;

    if (config.alarms.topicArn !== undefined) {
      this.topic = Topic.fromTopicArn(this, 'Topic', config.alarms.topicArn);
    } else if (config.alarms.email !== undefined) {
      // Not KMS-encrypted: CloudWatch alarms cannot publish to a topic under the AWS-managed aws/sns key,
      // and the notifications carry only alarm names and states (no tokens, no credentials).
      this.topic = new Topic(this, 'Topic', { displayName: `${prefix} alarms`, enforceSSL: true });
    }
    if (config.alarms.email !== undefined && this.topic !== undefined) {
      this.topic.addSubscription(new EmailSubscription(config.alarms.email));
    }

    /** By alarm id: the alarm of that name. */
    const add = (
      name: string,
      description: string,
      metric: IMetric,
      threshold: number,
      comparisonOperator: ComparisonOperator,
      evaluationPeriods = 1,
    ) => {
      const alarm = new Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods,
        datapointsToAlarm: evaluationPeriods,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (this.topic !== undefined) {
        alarm.addAlarmAction(new SnsAction(this.topic));
        alarm.addOkAction(new SnsAction(this.topic));
      }
      this.alarms.push(alarm);
    };

    add(
      'LambdaErrors',
      'The token function threw or timed out (Lambda Errors). Read its log group: level ERROR lines.',
      handler.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      thresholds.lambdaErrors,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    add(
      'LambdaThrottles',
      'Lambda refused invocations: reserved or account concurrency exhausted. Clients see 503/429.',
      handler.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      thresholds.lambdaThrottles,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    add(
      'LambdaP99Duration',
      `p99 duration above ${thresholds.p99DurationMs} ms for 15 minutes: Secrets Manager slow or cold starts.`,
      handler.metricDuration({ period: PERIOD, statistic: 'p99' }),
      thresholds.p99DurationMs,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
      3,
    );
    add(
      'CredentialStoreUnavailable',
      'The function could not read the Agora credentials from Secrets Manager (a 503, or a failed refresh). ' +
        'Check the secret exists, holds {"appId","appCertificate"}, and that the role may read it.',
      metrics.metric('credentialStoreFailures'),
      thresholds.credentialStoreFailures,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    add(
      'StaleCredentials',
      'Refreshes of the Agora credentials fail while the last good value is still served: tokens are issued ' +
        'for now, and requests get 503 once SECRET_MAX_STALE_SECONDS has passed.',
      metrics.metric('staleServes'),
      thresholds.staleServes,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    );
    add(
      'DenialSpike',
      `At least ${thresholds.denials} requests per 5 minutes refused (403 policy denials, 429 rate limits) for 15 minutes: ` +
        'a client asking for what its identity does not allow, or abuse. The Reason dimension says which.',
      metrics.metric('denials'),
      thresholds.denials,
      ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      3,
    );
    const rate = (label: string, errors: IMetric) =>
      new MathExpression({
        label,
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors, requests: api.metricCount({ period: PERIOD, statistic: 'Sum' }) },
        period: PERIOD,
      });
    add(
      'Api5xxRate',
      `More than ${thresholds.api5xxPercent}% of requests answered 5xx: the function fails or the secret is unavailable (503).`,
      rate('5xx %', api.metricServerError({ period: PERIOD, statistic: 'Sum' })),
      thresholds.api5xxPercent,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
    );
    add(
      'Api4xxRate',
      `More than ${thresholds.api4xxPercent}% of requests answered 4xx for 15 minutes: a broken client, expired credentials, or abuse (401/403/429).`,
      rate('4xx %', api.metricClientError({ period: PERIOD, statistic: 'Sum' })),
      thresholds.api4xxPercent,
      ComparisonOperator.GREATER_THAN_THRESHOLD,
      3,
    );
  }
}
