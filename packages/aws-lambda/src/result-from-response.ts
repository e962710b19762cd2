// Web Response -> API Gateway / Function URL result. Text bodies stay text; anything else is base64.
import { Buffer } from 'node:buffer';
import type { ResultV1, ResultV2 } from './events';

const TEXT_TYPE = /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded)\b)/i;

interface EncodedBody {
  body: string;
  isBase64Encoded: boolean;
}

// Read with text()/arrayBuffer() (a null body reads as empty), never through `.body`: a stream is not needed.
async function encodeBody(response: Response): Promise<EncodedBody> {
  const contentType = response.headers.get('content-type') ?? '';
  if (TEXT_TYPE.test(contentType)) return { body: await response.text(), isBase64Encoded: false };
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0) return { body: '', isBase64Encoded: false };
  return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}

/** Payload 2.0 (HTTP API, Function URLs): one value per header, `Set-Cookie` values in `cookies`. */
export async function resultV2FromResponse(response: Response): Promise<ResultV2> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    ...(await encodeBody(response)),
  };
}

/** Payload 1.0 (REST API): every header as a list, so repeated `Set-Cookie` headers survive. */
export async function resultV1FromResponse(response: Response): Promise<ResultV1> {
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') multiValueHeaders[name] = [value];
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) multiValueHeaders['set-cookie'] = cookies;
  return { statusCode: response.status, multiValueHeaders, ...(await encodeBody(response)) };
}
