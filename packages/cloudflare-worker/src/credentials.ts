// Agora credentials on Workers: AGORA_APP_ID (a var) and AGORA_APP_CERTIFICATE (plus
// AGORA_PREVIOUS_APP_CERTIFICATE during a rotation), or AGORA_APPS for several apps; each secret either a
// secret (`wrangler secret put`) or a Secrets Store binding under that name (`await env.X.get()`). Reading,
// checking and reporting them is @tokenfn/http's variableCredentials; this file only says how to set them.
import type { CredentialSource } from '@tokenfn/http';
import { variableCredentials } from '@tokenfn/http';
import type { WorkerEnv } from './bindings';

const HOW_TO_SET = {
  AGORA_APP_ID: 'set it in "vars" of wrangler.jsonc',
  AGORA_APP_CERTIFICATE:
    'run `wrangler secret put AGORA_APP_CERTIFICATE` or bind a Secrets Store secret under that name',
  AGORA_APPS: 'run `wrangler secret put AGORA_APPS` or bind a Secrets Store secret under that name',
} as const;

export function workerCredentialSource(env: WorkerEnv): CredentialSource {
  return variableCredentials(env, { howToSet: HOW_TO_SET });
}
