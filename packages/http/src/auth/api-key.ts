// AUTH_MODE=api-key: the SHA-256 of `X-API-Key` compared in constant time with API_KEY_HASHES.
import { constantTimeEqual, fromHex, toHex } from '@tokenfn/core';
import type { Identity } from '../identity.js';
import { problems } from '../problem.js';

const CHALLENGE = 'ApiKey realm="tokenfn", header="X-API-Key"';
const MAX_KEY_LENGTH = 512;

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

export interface ApiKeyVerifier {
  verify(apiKey: string | null): Promise<Identity>;
}

export function createApiKeyVerifier(hashesHex: string[]): ApiKeyVerifier {
  const hashes = hashesHex.map(fromHex);
  return {
    async verify(apiKey) {
      if (!apiKey) throw problems.unauthenticated('An API key is required in X-API-Key.', CHALLENGE);
      if (apiKey.length > MAX_KEY_LENGTH) {
        throw problems.unauthenticated(
          'The API key is not valid.',
          `${CHALLENGE}, error="invalid_key"`,
          'ERR_INVALID_API_KEY',
        );
      }
      const digest = await sha256(apiKey);
      let match = false;
      // Compare against every configured hash, always all of them.
      for (const h of hashes) match = constantTimeEqual(digest, h) || match;
      if (!match) {
        throw problems.unauthenticated(
          'The API key is not valid.',
          `${CHALLENGE}, error="invalid_key"`,
          'ERR_INVALID_API_KEY',
        );
      }
      const hex = toHex(digest);
      return { mode: 'api-key', subject: `api-key:${hex.slice(0, 12)}`, rateLimitKey: `api-key:${hex}` };
    },
  };
}
