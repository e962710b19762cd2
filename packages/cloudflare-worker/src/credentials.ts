// Agora credentials on Workers: AGORA_APP_ID (a var) and AGORA_APP_CERTIFICATE (plus
// AGORA_PREVIOUS_APP_CERTIFICATE during a rotation), or AGORA_APPS for several apps; each secret either a
// secret (`wrangler secret put`) or a Secrets Store binding under that name (`await env.X.get()`). Reading,
// checking and reporting them is @tokenfn/http's variableCredentials; this file says how to set them, and
// bounds how long a Secrets Store read may take.
import type { CredentialSource, CredentialVariableName } from '@tokenfn/http';
import { variableCredentials } from '@tokenfn/http';
import type { SecretsStoreSecret, WorkerEnv } from './bindings';

const HOW_TO_SET = {
  AGORA_APP_ID: 'set it in "vars" of wrangler.jsonc',
  AGORA_APP_CERTIFICATE:
    'run `wrangler secret put AGORA_APP_CERTIFICATE` or bind a Secrets Store secret under that name',
  AGORA_APPS: 'run `wrangler secret put AGORA_APPS` or bind a Secrets Store secret under that name',
} as const;

const NAMES: readonly CredentialVariableName[] = [
  'AGORA_APP_ID',
  'AGORA_APP_CERTIFICATE',
  'AGORA_PREVIOUS_APP_CERTIFICATE',
  'AGORA_APPS',
];

/**
 * How long one Secrets Store read may take. Every request that needs the credentials while none are
 * cached waits on the same read, so a read that never settles would hold all of them (and every later
 * one) until the isolate is recycled; past this it fails like an unreadable store: a 503, and a retry
 * after the cache's back-off.
 */
export const SECRET_READ_TIMEOUT_MS = 5000;

export function workerCredentialSource(env: WorkerEnv): CredentialSource {
  const view: Record<string, unknown> = {};
  for (const name of NAMES) {
    const value = env[name];
    view[name] = isSecretsStoreSecret(value) ? withTimeout(value, SECRET_READ_TIMEOUT_MS) : value;
  }
  return variableCredentials(view, { howToSet: HOW_TO_SET });
}

function isSecretsStoreSecret(v: unknown): v is SecretsStoreSecret {
  return typeof v === 'object' && v !== null && typeof (v as { get?: unknown }).get === 'function';
}

/** `secret`, whose get() rejects with a TimeoutError when the store has not answered within `ms`. */
function withTimeout(secret: SecretsStoreSecret, ms: number): SecretsStoreSecret {
  return {
    get() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
      });
      return Promise.race([secret.get(), timeout]).finally(() => clearTimeout(timer));
    },
  };
}
