// AUTH_MODE=api-key: the SHA-256 of `X-API-Key` compared in constant time with API_KEY_HASHES.
import { constantTimeEqual, fromHex, sha256, toHex } from '@tokenfn/core';
import type { Identity } from '../identity.js';
import { problems } from '../problem.js';

const CHALLENGE = 'ApiKey realm="tokenfn", header="X-API-Key"';
const MAX_KEY_LENGTH = 512;

const encoder = new TextEncoder();

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
      // The library's synchronous SHA-256: a key is short, and WebCrypto's digest costs a round trip to a
      // thread pool on Node (tens of microseconds) for one compression.
      const digest = sha256(encoder.encode(apiKey));
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
