// AUTH_MODE=api-key: the SHA-256 of `X-API-Key` compared in constant time with API_KEY_HASHES.
import type { Identity } from '../identity.js';
import { problems } from '../problem.js';

const CHALLENGE = 'ApiKey realm="tokenfn", header="X-API-Key"';
const MAX_KEY_LENGTH = 512;

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Constant-time equality of two equal-length byte arrays (no early exit). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export interface ApiKeyVerifier {
  verify(apiKey: string | null): Promise<Identity>;
}

export function createApiKeyVerifier(hashesHex: string[]): ApiKeyVerifier {
  const hashes = hashesHex.map(hexToBytes);
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
      for (const h of hashes) match = timingSafeEqual(digest, h) || match;
      if (!match) {
        throw problems.unauthenticated(
          'The API key is not valid.',
          `${CHALLENGE}, error="invalid_key"`,
          'ERR_INVALID_API_KEY',
        );
      }
      const hex = bytesToHex(digest);
      return { mode: 'api-key', subject: `api-key:${hex.slice(0, 12)}`, rateLimitKey: `api-key:${hex}` };
    },
  };
}
