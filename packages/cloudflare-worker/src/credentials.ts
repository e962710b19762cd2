// Agora credentials on Workers: AGORA_APP_ID (a var) and AGORA_APP_CERTIFICATE, either a secret
// (`wrangler secret put`) or a Secrets Store binding under that name (`await env.X.get()`).
// Failures name the variable that is wrong and never include a value; the app's caching wrapper
// logs them and answers 503.
import type { AgoraCredentials } from '@tokenfn/core';
import type { CredentialSource } from '@tokenfn/core/http';
import { CredentialsUnavailableError } from '@tokenfn/core/http';
import type { WorkerEnv } from './bindings';
import { isSecretsStoreSecret } from './bindings';

const HEX32 = /^[0-9a-fA-F]{32}$/;

const WHERE = {
  AGORA_APP_ID: 'set it in "vars" of wrangler.jsonc',
  AGORA_APP_CERTIFICATE:
    'run `wrangler secret put AGORA_APP_CERTIFICATE` or bind a Secrets Store secret under that name',
} as const;

export function workerCredentialSource(env: WorkerEnv): CredentialSource {
  return {
    async get(): Promise<AgoraCredentials> {
      const appId = checked('AGORA_APP_ID', env.AGORA_APP_ID);
      const appCertificate = checked(
        'AGORA_APP_CERTIFICATE',
        await readCertificate(env.AGORA_APP_CERTIFICATE),
      );
      return { appId, appCertificate };
    },
  };
}

async function readCertificate(binding: WorkerEnv['AGORA_APP_CERTIFICATE']): Promise<unknown> {
  if (!isSecretsStoreSecret(binding)) return binding;
  try {
    return await binding.get();
  } catch (err) {
    // Only the error's class name: a store's message is not ours to repeat.
    const name = err instanceof Error ? err.name.replace(/[^A-Za-z0-9_.-]/g, '') : typeof err;
    throw new CredentialsUnavailableError(
      'ERR_CREDENTIALS_UNAVAILABLE',
      `AGORA_APP_CERTIFICATE: the Secrets Store secret could not be read (${name}).`,
      { cause: err },
    );
  }
}

function checked(name: keyof typeof WHERE, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw new CredentialsUnavailableError(
      'ERR_CREDENTIALS_UNAVAILABLE',
      `${name} is not set: ${WHERE[name]}.`,
    );
  }
  if (typeof value !== 'string' || !HEX32.test(value)) {
    throw new CredentialsUnavailableError(
      'ERR_CREDENTIALS_MALFORMED',
      `${name} is malformed: it must be 32 hexadecimal characters.`,
    );
  }
  return value;
}
