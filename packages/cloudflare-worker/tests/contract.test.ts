// The shared HTTP contract suite (tests/contract), the same assertions as for the local server and the
// Lambda handler, against the built Worker inside workerd: its fetch called with the certificate as a
// plain secret and with it in a Secrets Store binding. The same bundle as its own Worker with
// wrangler.jsonc's date and flags (no nodejs_compat) is tests-node/plain-worker.test.ts.
import { CONTRACT_ENV, defineContractSuite } from '@tokenfn/contract-tests';
import { beforeAll, describe } from 'vitest';
import type { WorkerEnv } from '../src/bindings';
import { bindings, seedSecretsStore, worker } from './helpers';

// One env object per target: the Worker builds its app once per env, as workerd passes one per isolate.
const secretEnv: WorkerEnv = { ...CONTRACT_ENV };
const storeEnv: WorkerEnv = { ...CONTRACT_ENV, AGORA_APP_CERTIFICATE: bindings.CONTRACT_STORE };

defineContractSuite('cloudflare-worker (AGORA_APP_CERTIFICATE secret)', () => ({
  fetch: (request) => worker.fetch(request, secretEnv),
}));

describe('with the certificate in a Secrets Store', () => {
  beforeAll(() => seedSecretsStore(bindings.CONTRACT_STORE, CONTRACT_ENV['AGORA_APP_CERTIFICATE']!));
  defineContractSuite('cloudflare-worker (Secrets Store)', () => ({
    fetch: (request) => worker.fetch(request, storeEnv),
  }));
});
