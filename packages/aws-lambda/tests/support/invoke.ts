// Calls a Lambda handler the way API Gateway does: Request -> event -> handler -> result -> Response.

import type { ResultV1, ResultV2 } from '../../src/events';
import { createLambdaHandler, type LambdaHandler } from '../../src/handler';
import {
  type EventOptions,
  lambdaContext,
  responseFromV1Result,
  responseFromV2Result,
  v1EventFromRequest,
  v2EventFromRequest,
} from './api-gateway-events';

export type PayloadVersion = 'v2' | 'v1';

export async function invoke(
  handler: LambdaHandler,
  request: Request,
  version: PayloadVersion = 'v2',
  o: EventOptions = {},
): Promise<Response> {
  if (version === 'v2') {
    const result = await handler(await v2EventFromRequest(request, o), lambdaContext());
    return responseFromV2Result(result as ResultV2);
  }
  const result = await handler(await v1EventFromRequest(request, o), lambdaContext());
  return responseFromV1Result(result as ResultV1);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function rtcRequest(
  apiKey: string,
  body: unknown = { channel: 'room-1', uid: 42, role: 'publisher', expiresIn: 600 },
) {
  return new Request('https://api.example.com/v1/tokens/rtc', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A handler that issues to anyone (AUTH_MODE=none), credentials from the environment, logs dropped. */
export function openHandler(env: Record<string, string> = {}): LambdaHandler {
  return createLambdaHandler({
    env: {
      AGORA_APP_ID: 'a'.repeat(32),
      AGORA_APP_CERTIFICATE: 'b'.repeat(32),
      AUTH_MODE: 'none',
      ALLOW_UNAUTHENTICATED: 'true',
      ...env,
    },
    writeLog: () => {},
  });
}
