// Test-side converters between a Web Request/Response and the events and results API Gateway really
// exchanges with Lambda: the full payload 2.0 (HTTP API, Function URL) and 1.0 (REST API) shapes,
// as documented by AWS, with the fields a real gateway fills in.
import { Buffer } from 'node:buffer';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ResultV1, ResultV2 } from '../../src/events';

export interface EventOptions {
  /** Placed at requestContext.authorizer (e.g. `{ jwt: { claims, scopes } }`). */
  authorizer?: Record<string, unknown>;
  /** Base64-encode the body even if it is text (API Gateway does this for binary media types). */
  base64Body?: boolean;
  requestId?: string;
  sourceIp?: string;
}

const TEXT = /^(text\/|application\/([\w.+-]*\+)?json\b)/i;
let counter = 0;

async function bodyOf(request: Request, base64: boolean | undefined) {
  if (request.method === 'GET' || request.method === 'HEAD')
    return { body: undefined, isBase64Encoded: false };
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length === 0) return { body: undefined, isBase64Encoded: false };
  const type = request.headers.get('content-type') ?? '';
  const asText = !base64 && TEXT.test(type) && bytes.equals(Buffer.from(bytes.toString('utf8'), 'utf8'));
  return asText
    ? { body: bytes.toString('utf8'), isBase64Encoded: false }
    : { body: bytes.toString('base64'), isBase64Encoded: true };
}

function requestId(o: EventOptions): string {
  counter++;
  return o.requestId ?? `c0ffee00-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** A path as HTTP API hands it over: percent-decoded (an escape that is no UTF-8 stays as it is). */
function decodedPath(pathname: string): string {
  return pathname.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * HTTP API payload 2.0 event, `$default` stage and route, as API Gateway builds it: rawPath decoded. On a
 * Function URL host (`*.lambda-url.<region>.on.aws`) the event is a Function URL's: rawPath as sent.
 */
export async function v2EventFromRequest(
  request: Request,
  o: EventOptions = {},
): Promise<APIGatewayProxyEventV2> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of request.headers) {
    if (name === 'cookie') cookies = value.split(/;\s*/).filter(Boolean);
    else headers[name] = value;
  }
  headers['host'] ??= url.host;
  headers['x-forwarded-proto'] ??= url.protocol.slice(0, -1);
  headers['x-forwarded-for'] ??= o.sourceIp ?? '198.51.100.7';
  const now = Date.now();
  const { body, isBase64Encoded } = await bodyOf(request, o.base64Body);
  const path = /\.lambda-url\.[a-z0-9-]+\.on\.aws$/.test(url.hostname)
    ? url.pathname
    : decodedPath(url.pathname);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: url.host,
      domainPrefix: url.hostname.split('.')[0] ?? url.hostname,
      http: {
        method: request.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: o.sourceIp ?? '198.51.100.7',
        userAgent: request.headers.get('user-agent') ?? '',
      },
      requestId: requestId(o),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(o.authorizer ? { authorizer: o.authorizer } : {}),
    },
  } as APIGatewayProxyEventV2;
}

/** REST API payload 1.0 event for a `/{proxy+}` resource on stage `prod`, as API Gateway builds it. */
export async function v1EventFromRequest(
  request: Request,
  o: EventOptions = {},
): Promise<APIGatewayProxyEvent> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    multiValueHeaders[name] = [
      ...(Object.hasOwn(multiValueHeaders, name) ? (multiValueHeaders[name] ?? []) : []),
      value,
    ];
  }
  for (const [name, value] of [
    ['host', url.host],
    ['x-forwarded-proto', url.protocol.slice(0, -1)],
  ] as const) {
    if (!(name in headers)) {
      headers[name] = value;
      multiValueHeaders[name] = [value];
    }
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    multiQuery[name] = [...(Object.hasOwn(multiQuery, name) ? (multiQuery[name] ?? []) : []), value];
  }
  const hasQuery = Object.keys(query).length > 0;
  const { body, isBase64Encoded } = await bodyOf(request, o.base64Body);
  const id = requestId(o);
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      authorizer: o.authorizer ?? null,
      domainName: url.host,
      domainPrefix: url.hostname.split('.')[0] ?? url.hostname,
      extendedRequestId: id,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: o.sourceIp ?? '198.51.100.7',
        user: null,
        userAgent: request.headers.get('user-agent'),
        userArn: null,
      },
      path: `/prod${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId: id,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
  } as unknown as APIGatewayProxyEvent;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

function decode(
  body: string | undefined,
  isBase64Encoded: boolean | undefined,
): Uint8Array<ArrayBuffer> | string | null {
  if (!body) return null;
  return isBase64Encoded ? new Uint8Array(Buffer.from(body, 'base64')) : body;
}

/** What a client receives when API Gateway relays a payload 2.0 result. */
export function responseFromV2Result(result: ResultV2): Response {
  const headers = new Headers(result.headers);
  for (const c of result.cookies ?? []) headers.append('set-cookie', c);
  const body = NULL_BODY.has(result.statusCode) ? null : decode(result.body, result.isBase64Encoded);
  return new Response(body, { status: result.statusCode, headers });
}

/** What a client receives when API Gateway relays a payload 1.0 result. */
export function responseFromV1Result(result: ResultV1): Response {
  const headers = new Headers();
  for (const [name, values] of Object.entries(result.multiValueHeaders)) {
    for (const v of values) headers.append(name, v);
  }
  const body = NULL_BODY.has(result.statusCode) ? null : decode(result.body, result.isBase64Encoded);
  return new Response(body, { status: result.statusCode, headers });
}

export function lambdaContext(awsRequestId = crypto.randomUUID()) {
  return { awsRequestId };
}
