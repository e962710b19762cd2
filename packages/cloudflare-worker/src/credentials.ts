// Agora credentials on Workers: AGORA_APP_ID (a var) and AGORA_APP_CERTIFICATE, either a secret
// (`wrangler secret put`) or a Secrets Store binding under that name (`await env.X.get()`).
// Failures say which name is wrong and never include the value.

import type { AgoraCredentials } from '@tokenfn/core';
import { validateAppCertificate, validateAppId } from '@tokenfn/core';
import type { CredentialSource } from '@tokenfn/core/http';
import { CredentialsUnavailableError } from '@tokenfn/core/http';
import type { WorkerEnv } from './bindings';
import { isSecretsStoreSecret } from './bindings';

export function workerCredentialSource(env: WorkerEnv): CredentialSource {
  return {
    async get(): Promise<AgoraCredentials> {
      const appId = checked(
        () => validateAppId(env.AGORA_APP_ID, 'AGORA_APP_ID'),
        'AGORA_APP_ID',
        env.AGORA_APP_ID,
      );
      const raw = await readCertificate(env.AGORA_APP_CERTIFICATE);
      const appCertificate = checked(
        () => validateAppCertificate(raw, 'AGORA_APP_CERTIFICATE'),
        'AGORA_APP_CERTIFICATE',
        raw,
      );
      return { appId, appCertificate };
    },
  };
}

async function readCertificate(binding: WorkerEnv['AGORA_APP_CERTIFICATE']): Promise<string | undefined> {
  if (!isSecretsStoreSecret(binding)) return binding;
  try {
    return await binding.get();
  } catch (err) {
    // The store's message names the store and secret, never the value.
    const reason = err instanceof Error ? err.message : String(err);
    throw new CredentialsUnavailableError(
      `AGORA_APP_CERTIFICATE: the Secrets Store secret could not be read (${reason.slice(0, 200)})`,
      'ERR_CREDENTIALS_UNAVAILABLE',
    );
  }
}

function checked(validate: () => string, name: string, value: unknown): string {
  if (value === undefined || value === '') {
    throw new CredentialsUnavailableError(
      `${name} is not set (${name === 'AGORA_APP_ID' ? 'a var in wrangler.jsonc' : 'wrangler secret put AGORA_APP_CERTIFICATE, or a Secrets Store binding'})`,
      'ERR_CREDENTIALS_UNAVAILABLE',
    );
  }
  try {
    return validate();
  } catch {
    throw new CredentialsUnavailableError(
      `${name} is malformed: it must be 32 hexadecimal characters`,
      'ERR_CREDENTIALS_MALFORMED',
    );
  }
}
