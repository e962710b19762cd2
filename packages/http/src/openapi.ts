// GET /openapi.json: the OpenAPI 3.1 document, its request bodies generated from the valibot schemas.
import type * as v from 'valibot';
import type { AuthMode } from './config.js';
import { routesFor, templatePath } from './routes/table.js';
import {
  apaasRequestSchema,
  chatRequestSchema,
  compatGetTokenSchema,
  convoaiRequestSchema,
  fpaRequestSchema,
  inspectRequestSchema,
  rtcRequestSchema,
  rtm2RequestSchema,
  rtmRequestSchema,
  sttRequestSchema,
} from './schemas.js';

type JsonSchema = Record<string, unknown>;
type AnySchema = v.GenericSchema & {
  type: string;
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  options?: unknown[];
  item?: AnySchema;
  literal?: unknown;
  pipe?: readonly { kind: string; type: string; requirement?: unknown; description?: string }[];
};

/** Converts the subset of valibot used by schemas.ts to JSON Schema 2020-12 (what OpenAPI 3.1 uses). */
export function toJsonSchema(schema: AnySchema): JsonSchema {
  const out: JsonSchema = {};
  switch (schema.type) {
    case 'strict_object':
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [key, entry] of Object.entries(schema.entries ?? {})) {
        properties[key] = toJsonSchema(entry);
        if (entry.type !== 'optional') required.push(key);
      }
      out['type'] = 'object';
      out['properties'] = properties;
      if (required.length > 0) out['required'] = required;
      if (schema.type === 'strict_object') out['additionalProperties'] = false;
      break;
    }
    case 'optional':
      return toJsonSchema(schema.wrapped as AnySchema);
    case 'array':
      out['type'] = 'array';
      out['items'] = toJsonSchema(schema.item as AnySchema);
      break;
    case 'string':
      out['type'] = 'string';
      break;
    case 'number':
      out['type'] = 'number';
      break;
    case 'boolean':
      out['type'] = 'boolean';
      break;
    case 'literal':
      out['const'] = schema.literal;
      break;
    case 'picklist':
      out['type'] = 'string';
      out['enum'] = schema.options;
      break;
    case 'union':
      out['oneOf'] = (schema.options as AnySchema[]).map(toJsonSchema);
      break;
    default:
      throw new TypeError(`toJsonSchema: unsupported valibot schema type ${schema.type}`);
  }
  for (const action of schema.pipe ?? []) {
    switch (action.type) {
      case 'integer':
        out['type'] = 'integer';
        break;
      case 'min_value':
        out['minimum'] = action.requirement;
        break;
      case 'max_value':
        out['maximum'] = action.requirement;
        break;
      case 'min_length':
        out[out['type'] === 'array' ? 'minItems' : 'minLength'] = action.requirement;
        break;
      case 'max_length':
        out[out['type'] === 'array' ? 'maxItems' : 'maxLength'] = action.requirement;
        break;
      case 'regex':
        out['pattern'] = (action.requirement as RegExp).source;
        break;
      case 'description':
        out['description'] = action.description;
        break;
    }
  }
  return out;
}

const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});
/** What any route may answer besides its own success. */
const anyRoute = {
  '404': problemResponse('no such route'),
  '405': problemResponse('the route exists for another method (Allow lists it)'),
  '500': problemResponse(
    'the deployment is misconfigured or failed (its logs say why; nothing internal here)',
  ),
};
/** The errors of an authenticated GET route (no body, so no 413 or 415). */
const errorResponses = {
  '400': problemResponse('malformed JSON or invalid fields (errors[] names each field)'),
  '401': problemResponse('missing or invalid credentials (WWW-Authenticate says how to authenticate)'),
  '403': problemResponse('the policy denies the request (reason says why)'),
  '429': problemResponse('rate limited (Retry-After)'),
  '503': problemResponse('credentials or identity provider unavailable (Retry-After)'),
  ...anyRoute,
};
/** The errors of a route with a JSON body. */
const bodyErrorResponses = {
  ...errorResponses,
  '413': problemResponse('body over 8 KiB'),
  '415': problemResponse('body is not JSON'),
};

const times = {
  issuedAt: { type: 'integer', description: 'unix seconds' },
  expiresAt: { type: 'integer', description: 'unix seconds' },
};
/** Every token answer says which app signed it, by name and App ID. */
const signedBy = {
  app: { type: 'string', description: 'the name of the app (Agora project) that signed the token' },
  appId: { type: 'string' },
};
const TOKEN_REQUIRED = ['token', 'app', 'appId', 'issuedAt', 'expiresAt'];

function tokenOperation(summary: string, body: AnySchema, response: JsonSchema) {
  return {
    post: {
      summary,
      requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(body) } } },
      responses: {
        '200': {
          description: 'the token (Cache-Control: no-store)',
          content: { 'application/json': { schema: response } },
        },
        ...bodyErrorResponses,
      },
    },
  };
}

function compatGet(summary: string, params: string[], response: JsonSchema) {
  return {
    get: {
      summary,
      tags: ['agora-token-service compatibility'],
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        { name: 'expiry', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
      ],
      responses: {
        '200': { description: 'tokens', content: { 'application/json': { schema: response } } },
        ...errorResponses,
      },
    },
  };
}

/** The security requirement of the protected routes, as this deployment's AUTH_MODE decides. */
function securityFor(authMode: AuthMode | undefined): Record<string, string[]>[] {
  switch (authMode) {
    case 'jwt':
    case 'gateway':
      return [{ bearer: [] }];
    case 'api-key':
      return [{ apiKey: [] }];
    case 'none':
      return [];
    default:
      return [{ bearer: [] }, { apiKey: [] }];
  }
}

export function buildOpenApiDocument(o: {
  compatRoutes: boolean;
  authMode?: AuthMode;
}): Record<string, unknown> {
  const str = { type: 'string' };
  // An RTC answer; a ConvoAI or STT agent's always carries its RTM login.
  const channelAnswer = (rtmUserId: JsonSchema, rtmRequired: boolean) => ({
    type: 'object',
    required: [...TOKEN_REQUIRED, 'channel', 'role', ...(rtmRequired ? ['rtmUserId'] : [])],
    properties: {
      token: str,
      ...signedBy,
      channel: str,
      uid: { type: 'integer' },
      account: str,
      role: { type: 'string', enum: ['publisher', 'subscriber'] },
      rtmUserId,
      ...times,
    },
  });
  const agentAnswer = channelAnswer(
    { type: 'string', description: 'the RTM login in the token: the uid in decimal, or the account' },
    true,
  );
  // What each route says about itself; which routes there are, and which are guarded, is the route table's.
  const described: Record<string, Record<string, Record<string, unknown>>> = {
    '/v1/tokens/rtc': tokenOperation(
      'RTC token (optionally with RTM login)',
      rtcRequestSchema as AnySchema,
      channelAnswer(str, false),
    ),
    '/v1/tokens/rtm': tokenOperation('RTM token', rtmRequestSchema as AnySchema, {
      type: 'object',
      required: [...TOKEN_REQUIRED, 'userId'],
      properties: { token: str, ...signedBy, userId: str, ...times },
    }),
    '/v1/tokens/chat': tokenOperation(
      'Chat user token, or app token without userId',
      chatRequestSchema as AnySchema,
      {
        type: 'object',
        required: TOKEN_REQUIRED,
        properties: { token: str, ...signedBy, userId: str, ...times },
      },
    ),
    '/v1/tokens/rtm2': tokenOperation(
      'RTM 2 token with resource permissions (product rtm2)',
      rtm2RequestSchema as AnySchema,
      {
        type: 'object',
        required: [...TOKEN_REQUIRED, 'userId', 'permissions'],
        properties: { token: str, ...signedBy, userId: str, permissions: { type: 'object' }, ...times },
      },
    ),
    '/v1/tokens/convoai': tokenOperation(
      "Conversational AI agent's token: RTC + RTM + ConvoAI for the agent's uid or account (product convoai)",
      convoaiRequestSchema as AnySchema,
      agentAnswer,
    ),
    '/v1/tokens/stt': tokenOperation(
      "Real-time speech-to-text bot's token: RTC + RTM + STT for the bot's uid or account (product stt)",
      sttRequestSchema as AnySchema,
      agentAnswer,
    ),
    '/v1/tokens/apaas': tokenOperation(
      'APaaS / Flexible Classroom token: room user, user or app (product apaas)',
      apaasRequestSchema as AnySchema,
      {
        type: 'object',
        required: [...TOKEN_REQUIRED, 'kind'],
        properties: {
          token: str,
          ...signedBy,
          kind: { type: 'string', enum: ['room-user', 'user', 'app'] },
          roomUuid: str,
          userUuid: str,
          role: { type: 'integer' },
          ...times,
        },
      },
    ),
    '/v1/tokens/fpa': tokenOperation('FPA login token (product fpa)', fpaRequestSchema as AnySchema, {
      type: 'object',
      required: TOKEN_REQUIRED,
      properties: { token: str, ...signedBy, ...times },
    }),
    '/v1/tokens/inspect': tokenOperation(
      'Decode a token and check it against this deployment',
      inspectRequestSchema as AnySchema,
      {
        type: 'object',
        required: ['version', 'app', 'appId', 'appIdMatches', 'signatureValid', 'expired'],
        properties: {
          version: { type: 'string', enum: ['006', '007'] },
          app: { type: 'string', description: 'the app the token was checked against' },
          appId: str,
          appIdMatches: { type: 'boolean' },
          signatureValid: {
            type: ['boolean', 'null'],
            description: 'null: a 006 token given without channel and uid, which its signature covers',
          },
          expired: { type: 'boolean' },
          expiresAt: { type: 'integer', description: 'unix seconds' },
          certificate: {
            type: ['string', 'null'],
            enum: ['current', 'previous', null],
            description:
              "which of the app's certificates the signature verifies with (previous: issued before a rotation); null: neither",
          },
          signatureNote: str,
        },
        additionalProperties: true,
      },
    ),
    '/': {
      get: {
        summary: 'what this is, and where its contract is',
        responses: {
          '200': {
            description: 'a pointer to /openapi.json',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { name: { const: 'tokenfn' }, description: str, openapi: str, health: str },
                },
              },
            },
          },
          ...anyRoute,
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'liveness (touches no secret)',
        responses: {
          '200': {
            description: 'alive',
            content: {
              'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } } } },
            },
          },
          ...anyRoute,
        },
      },
    },
    '/readyz': {
      get: {
        summary: 'readiness: credentials load',
        responses: {
          '200': {
            description: 'ready',
            content: {
              'application/json': { schema: { type: 'object', properties: { status: { const: 'ready' } } } },
            },
          },
          '503': problemResponse('credentials unavailable'),
          ...anyRoute,
        },
      },
    },
    '/openapi.json': {
      get: { summary: 'this document', responses: { '200': { description: 'OpenAPI 3.1' }, ...anyRoute } },
    },
  };
  {
    described['/ping'] = {
      get: {
        summary: 'ping',
        tags: ['agora-token-service compatibility'],
        responses: {
          '200': {
            description: 'pong',
            content: {
              'application/json': { schema: { type: 'object', properties: { message: { const: 'pong' } } } },
            },
          },
          '401': errorResponses['401'],
          '429': errorResponses['429'],
          '503': errorResponses['503'],
          ...anyRoute,
        },
      },
    };
    described['/getToken'] = {
      post: {
        summary: 'one token by tokenType, answered as {"token": "..."}',
        tags: ['agora-token-service compatibility'],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: toJsonSchema(compatGetTokenSchema as AnySchema) } },
        },
        responses: {
          '200': {
            description: 'the token',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['token'], properties: { token: str } },
              },
            },
          },
          ...bodyErrorResponses,
        },
      },
    };
    const rtcTokens = { type: 'object', properties: { rtcToken: str } };
    described['/rtc/{channelName}/{role}/{tokenType}/{rtcuid}'] = compatGet(
      'RTC token; tokenType uid or userAccount',
      ['channelName', 'role', 'tokenType', 'rtcuid'],
      rtcTokens,
    );
    described['/rtm/{rtmuid}'] = compatGet('RTM token', ['rtmuid'], {
      type: 'object',
      properties: { rtmToken: str },
    });
    const both = { type: 'object', properties: { rtcToken: str, rtmToken: str } };
    described['/rte/{channelName}/{role}/{tokenType}/{rtcuid}'] = compatGet(
      'RTC and RTM tokens (RTM user = rtcuid)',
      ['channelName', 'role', 'tokenType', 'rtcuid'],
      both,
    );
    described['/rte/{channelName}/{role}/{tokenType}/{rtcuid}/{rtmuid}'] = compatGet(
      'RTC and RTM tokens',
      ['channelName', 'role', 'tokenType', 'rtcuid', 'rtmuid'],
      both,
    );
    const chat = { type: 'object', properties: { chatToken: str } };
    described['/chat/app'] = compatGet('chat app token', [], chat);
    described['/chat/account/{chatid}'] = compatGet('chat user token', ['chatid'], chat);
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routesFor(o)) {
    const path = templatePath(route.path);
    const method = route.method.toLowerCase();
    const operation = described[path]?.[method];
    if (!operation) throw new Error(`openapi: ${route.method} ${route.path} is not described`);
    paths[path] = { ...paths[path], [method]: route.auth ? operation : { ...operation, security: [] } };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'tokenfn',
      version: '1.0.0',
      description: 'Agora access tokens (AccessToken2) issued by a serverless function.',
    },
    // Relative: the deployment this document was fetched from.
    servers: [{ url: '/' }],
    security: securityFor(o.authMode),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            reason: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
