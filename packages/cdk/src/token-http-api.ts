import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TokenApiConfig } from './config.js';
import { routesFor } from './routes.js';

export interface TokenHttpApiProps {
  readonly config: TokenApiConfig;
  readonly handler: IFunction;
}

/**
 * One JSON object per request. No header values (no `Authorization`, no `X-API-Key`), no bodies.
 * `$context.authorizer.claims.sub` is the verified subject in JWT mode and empty otherwise.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  subject: '$context.authorizer.claims.sub',
} as const;

/** Headers a browser may send to the token routes. */
const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'x-api-key', 'x-request-id'];

/**
 * The HTTP API: explicit routes only (anything else is API Gateway's 404), the JWT authorizer on every
 * non-public route when auth is `jwt`, one `$default` stage with throttling and JSON access logs.
 */
export class TokenHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly domainName?: DomainName;
  /** The base URL clients call (the custom domain when there is one). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: TokenHttpApiProps) {
    super(scope, id);
    const { config } = props;

    this.api = new HttpApi(this, 'Api', {
      apiName: `tokenfn-${config.stage}`,
      description: `tokenfn (${config.stage}): Agora access tokens`,
      createDefaultStage: false,
      // API Gateway answers preflight requests itself (before any authorizer) and ignores the
      // function's CORS headers; the function gets the same list for its own responses.
      ...(config.corsAllowOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [...config.corsAllowOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
              allowHeaders: CORS_ALLOW_HEADERS,
              exposeHeaders: ['retry-after', 'x-request-id', 'www-authenticate'],
              maxAge: Duration.hours(1),
            },
          }),
    });

    // One resource-based permission for the whole API instead of one per route.
    const integration = new HttpLambdaIntegration('Function', props.handler, {
      scopePermissionToRoute: false,
    });
    const { auth } = config;
    const authorizer =
      auth.mode === 'jwt'
        ? new HttpJwtAuthorizer('JwtAuthorizer', auth.issuer, {
            authorizerName: `tokenfn-${config.stage}-jwt`,
            jwtAudience: [...auth.audience],
            identitySource: ['$request.header.Authorization'],
          })
        : undefined;

    for (const spec of routesFor(config.compatRoutes)) {
      const guarded = !spec.public && authorizer !== undefined;
      const [route] = this.api.addRoutes({
        path: spec.path,
        methods: [spec.method],
        integration,
        ...(guarded ? { authorizer } : {}),
      });
      if (route === undefined || guarded) continue;
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: spec.public
          ? `${spec.method} ${spec.path} is a public probe/contract route: it returns no token and no credential.`
          : auth.mode === 'api-key'
            ? `${spec.method} ${spec.path} is authenticated in the function: X-API-Key checked in constant time against API_KEY_HASHES.`
            : `${spec.method} ${spec.path} is open because this deployment explicitly set authMode=none and allowUnauthenticated=true.`,
      });
    }

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    if (config.customDomain !== undefined) {
      this.domainName = new DomainName(this, 'DomainName', {
        domainName: config.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', config.customDomain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
    }

    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    if (this.domainName !== undefined) {
      // What the stage's own `domainMapping` would create, but with the id it would get without a `Default`
      // component in the path: a TokenApi with the id Default keeps the logical id its parts had when they
      // sat in the stack itself (a replaced mapping would collide with the one it replaces).
      const path = this.domainName.node.path
        .split('/')
        .filter((part) => part !== 'Default')
        .join('/');
      new ApiMapping(this.stage, `${path}undefined`, {
        api: this.api,
        domainName: this.domainName,
        stage: this.stage,
      });
      this.stage.node.addDependency(this.domainName);
    }

    this.url =
      config.customDomain === undefined ? this.stage.url : `https://${config.customDomain.domainName}/`;
  }
}
