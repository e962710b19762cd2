// AUTH_MODE=api-key: the SHA-256 of `X-API-Key` compared in constant time with API_KEY_HASHES.
import { constantTimeEqual, fromHex, sha256, toHex } from '@tokenfn/core';
import type { ApiKeyScope } from '../config.js';
import type { Identity } from '../identity.js';
import { problems } from '../problem.js';

const CHALLENGE = 'ApiKey realm="tokenfn", header="X-API-Key"';
/** The longest `X-API-Key` value the verifier hashes; anything longer is refused unread. */
export const MAX_API_KEY_LENGTH = 512;
/** The shortest key `apiKeyProblem` accepts: anything shorter can be guessed. */
export const MIN_API_KEY_LENGTH = 16;

const encoder = new TextEncoder();

export interface ApiKeyVerifier {
  verify(apiKey: string | null): Promise<Identity>;
}

/**
 * Why `key` cannot work as an API key, or `undefined` when it can. Only a hash of the key is configured
 * (API_KEY_HASHES), so this is checked where the hash is made (`tokenfn api-key`): a key that can never
 * arrive intact in an `X-API-Key` header would give a hash that never matches. HTTP strips spaces and
 * tabs around a header value, control characters are not allowed in one, and bytes outside ASCII are
 * read differently by different clients and servers (UTF-8 or Latin-1), so a key is printable ASCII with
 * no space at either end; and it is long enough not to be guessed, short enough to be read.
 */
export function apiKeyProblem(key: string): string | undefined {
  if (key.length < MIN_API_KEY_LENGTH) {
    return `is ${key.length} characters long: use at least ${MIN_API_KEY_LENGTH} (tokenfn api-key makes one)`;
  }
  if (key.length > MAX_API_KEY_LENGTH) {
    return `is ${key.length} characters long: the service reads at most ${MAX_API_KEY_LENGTH}`;
  }
  if (key.trim() !== key) {
    return 'starts or ends with white space, which HTTP strips from a header value, so it would never match';
  }
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      return `has a character outside printable ASCII at position ${i + 1} (${describeCode(code)}), which cannot be sent intact in an X-API-Key header`;
    }
  }
  return undefined;
}

function describeCode(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function createApiKeyVerifier(
  hashesHex: string[],
  scopes: Readonly<Record<string, ApiKeyScope>> = {},
): ApiKeyVerifier {
  const hashes = hashesHex.map(fromHex);
  return {
    async verify(apiKey) {
      if (!apiKey) throw problems.unauthenticated('An API key is required in X-API-Key.', CHALLENGE);
      if (apiKey.length > MAX_API_KEY_LENGTH) {
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
      const identity: Identity = {
        mode: 'api-key',
        subject: `api-key:${hex.slice(0, 12)}`,
        rateLimitKey: `api-key:${hex}`,
      };
      const scope = scopes[hex];
      if (scope) identity.scope = scope;
      return identity;
    },
  };
}
