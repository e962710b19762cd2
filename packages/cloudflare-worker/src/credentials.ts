// Agora credentials on Workers: AGORA_APP_ID (a var) and AGORA_APP_CERTIFICATE (plus
// AGORA_PREVIOUS_APP_CERTIFICATE during a rotation), or AGORA_APPS for several apps; each secret either a
// secret (`wrangler secret put`) or a Secrets Store binding under that name (`await env.X.get()`). Reading,
// checking and reporting them is @tokenfn/http's variableCredentials; this file says how to set them, and
// bounds how long a Secrets Store read may take.
import type { CredentialSource } from '@tokenfn/http';
import { variableCredentials } from '@tokenfn/http';
import type { WorkerEnv } from './bindings';

const HOW_TO_SET = {
  AGORA_APP_ID: 'set it in "vars" of wrangler.jsonc',
  AGORA_APP_CERTIFICATE:
    'run `wrangler secret put AGORA_APP_CERTIFICATE` or bind a Secrets Store secret under that name',
  AGORA_APPS: 'run `wrangler secret put AGORA_APPS` or bind a Secrets Store secret under that name',
} as const;

/**
 * How long one Secrets Store read may take. Every request that needs the credentials while none are
 * cached waits on the same read, so a read that never settles would hold all of them (and every later
 * one) until the isolate is recycled; past this it fails like an unreadable store: a 503, and a retry
 * after the cache's back-off.
 */
export const SECRET_READ_TIMEOUT_MS = 5000;

export function workerCredentialSource(env: WorkerEnv): CredentialSource {
  return variableCredentials(env, { howToSet: HOW_TO_SET, secretReadTimeoutMs: SECRET_READ_TIMEOUT_MS });
}
