// The subset of the Lambda event shapes the adapter reads. Structural, so the events of
// @types/aws-lambda (APIGatewayProxyEvent, APIGatewayProxyEventV2, LambdaFunctionURLEvent) are assignable.

/** API Gateway HTTP API payload 2.0, also the shape of Lambda Function URL events. */
export interface HttpApiEventV2 {
  version: '2.0' | string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[] | undefined;
  headers?: Record<string, string | undefined> | undefined;
  body?: string | undefined;
  isBase64Encoded: boolean;
  requestContext: {
    requestId?: string;
    domainName?: string;
    stage?: string;
    http: { method: string; path?: string; sourceIp?: string };
    authorizer?: unknown;
  };
}

/** API Gateway REST API (and HTTP API) payload 1.0. */
export interface RestApiEventV1 {
  version?: '1.0' | string;
  httpMethod: string;
  path: string;
  /** the REST API resource that matched, e.g. `/{proxy+}` */
  resource?: string | null;
  pathParameters?: Record<string, string | undefined> | null;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  body: string | null;
  isBase64Encoded: boolean;
  requestContext: {
    requestId?: string;
    domainName?: string;
    stage?: string;
    authorizer?: unknown;
  };
}

export type ProxyEvent = HttpApiEventV2 | RestApiEventV1;

export interface ResultV2 {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export interface ResultV1 {
  statusCode: number;
  multiValueHeaders: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export function isHttpApiEventV2(event: ProxyEvent): event is HttpApiEventV2 {
  return event.version === '2.0' && 'rawPath' in event;
}

/**
 * Payload 1.0. An Application Load Balancer event looks alike but is not one: its query values arrive
 * still percent-encoded and it wants `headers` or `multiValueHeaders` back depending on the target group,
 * so it is not taken for one (it fails as an unsupported event instead of being answered wrongly).
 */
export function isRestApiEventV1(event: ProxyEvent): event is RestApiEventV1 {
  return (
    typeof (event as RestApiEventV1).httpMethod === 'string' &&
    !isHttpApiEventV2(event) &&
    !(
      typeof event.requestContext === 'object' &&
      event.requestContext !== null &&
      'elb' in event.requestContext
    )
  );
}
