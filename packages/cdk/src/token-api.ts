import { Construct } from 'constructs';
import { AgoraSecret } from './agora-secret.js';
import type { TokenApiConfig } from './config.js';
import { TokenApiDashboard } from './dashboard.js';
import { defaultLambdaCodeDir } from './lambda-bundle.js';
import { TokenApiMetrics } from './metrics.js';
import { resolveTokenApiProps, type TokenApiProps } from './props.js';
import { TokenApiAlarms } from './token-api-alarms.js';
import { lambdaCodeFromDirectory, TokenFunction } from './token-function.js';
import { TokenHttpApi } from './token-http-api.js';

/**
 * tokenfn on AWS: the token function behind an HTTP API (routes from the app's own route table), its
 * Agora secret, log groups, metrics, alarms and a dashboard.
 *
 * Give it the id `Default` to keep the logical ids its parts would have directly in the stack (CDK leaves
 * a `Default` id out of them); that is how the repository's own app embeds it.
 */
export class TokenApi extends Construct {
  /** The props with every default filled in. */
  readonly config: TokenApiConfig;
  readonly secret: AgoraSecret;
  readonly tokenFunction: TokenFunction;
  readonly httpApi: TokenHttpApi;
  readonly metrics: TokenApiMetrics;
  readonly alarms: TokenApiAlarms;
  readonly dashboard?: TokenApiDashboard;

  constructor(scope: Construct, id: string, props: TokenApiProps) {
    super(scope, id);
    const config = resolveTokenApiProps(props);
    this.config = config;

    this.secret = new AgoraSecret(this, 'AgoraSecret', {
      source: config.secret,
      stage: config.stage,
      retainOnDelete: config.retainOnDelete,
    });
    this.tokenFunction = new TokenFunction(this, 'TokenFunction', {
      config,
      secret: this.secret,
      code: props.code ?? lambdaCodeFromDirectory(defaultLambdaCodeDir()),
    });
    const handler = this.tokenFunction.function;
    this.httpApi = new TokenHttpApi(this, 'HttpApi', { config, handler });
    this.metrics = new TokenApiMetrics(config.metricsNamespace, handler);
    this.alarms = new TokenApiAlarms(this, 'Alarms', {
      config,
      handler,
      api: this.httpApi.api,
      metrics: this.metrics,
    });
    if (config.dashboard) {
      this.dashboard = new TokenApiDashboard(this, 'Dashboard', {
        config,
        handler,
        api: this.httpApi.api,
        metrics: this.metrics,
        alarms: this.alarms.alarms,
      });
    }
  }

  /** The base URL clients call (the custom domain when there is one). */
  get url(): string {
    return this.httpApi.url;
  }
}
