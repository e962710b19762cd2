import { METRIC_DIMENSIONS, METRICS } from '@tokenfn/aws-lambda';
import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/** The metric names the function writes (Embedded Metric Format), by what they count. */
export type TokenApiMetricName = keyof typeof METRICS;

const PERIOD = Duration.minutes(5);

/**
 * The function's own metrics, extracted by CloudWatch Logs from its log lines: every one carries the
 * dimension `Service`, which the function sets to its own name.
 */
export class TokenApiMetrics {
  constructor(
    readonly namespace: string,
    readonly handler: IFunction,
  ) {}

  /** One metric, summed over 5 minutes unless `options` say otherwise. */
  metric(name: TokenApiMetricName, options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: this.namespace,
      metricName: METRICS[name].name,
      dimensionsMap: { [METRIC_DIMENSIONS.service]: this.handler.functionName },
      period: PERIOD,
      statistic: 'Sum',
      ...options,
    });
  }

  /** One series per value of `dimension` (a CloudWatch SEARCH): tokens by product, denials by reason. */
  searchBy(name: TokenApiMetricName, dimension: 'product' | 'app' | 'reason', label: string): MathExpression {
    const by = METRIC_DIMENSIONS[dimension];
    const keys = dimension === 'app' ? `Service,${METRIC_DIMENSIONS.product},${by}` : `Service,${by}`;
    return new MathExpression({
      label,
      expression: `SEARCH('{${this.namespace},${keys}} MetricName="${METRICS[name].name}" Service="${this.handler.functionName}"', 'Sum', 300)`,
      usingMetrics: {},
      period: PERIOD,
    });
  }
}
