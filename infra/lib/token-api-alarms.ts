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
import type { TokenApiConfig } from './config';

export interface TokenApiAlarmsProps {
  readonly config: TokenApiConfig;
  readonly handler: IFunction;
  readonly api: IHttpApi;
}

const PERIOD = Duration.minutes(5);

/** The alarms a platform engineer reads first: function failures and slowness, API error rates. */
export class TokenApiAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic?: ITopic;

  constructor(scope: Construct, id: string, props: TokenApiAlarmsProps) {
    super(scope, id);
    const { config, handler, api } = props;
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
