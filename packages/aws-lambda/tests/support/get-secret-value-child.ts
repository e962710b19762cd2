// Runs the built-in client in a fresh Node process, for what this process cannot change once started
// (NODE_EXTRA_CA_CERTS: a test CA the client then trusts). Calls GetSecretValue TOKENFN_CALLS times in
// sequence against TOKENFN_ENDPOINT and prints one line: RESULT {"ok": [...]} or RESULT {"error": name}.
import { createGetSecretValue } from '../../src/secrets-manager-client';

const get = createGetSecretValue({
  endpoint: process.env['TOKENFN_ENDPOINT'] ?? '',
  region: 'us-east-1',
  credentials: () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' }),
  maxAttempts: Number(process.env['TOKENFN_MAX_ATTEMPTS'] ?? 1),
  connectionTimeoutMs: 2000,
  requestTimeoutMs: 4000,
  retryDelayMs: () => 0,
});
const ok: unknown[] = [];
try {
  for (let i = 0; i < Number(process.env['TOKENFN_CALLS'] ?? 1); i++) {
    ok.push(await get('tokenfn/agora', AbortSignal.timeout(10_000)));
  }
  console.log(`RESULT ${JSON.stringify({ ok })}`);
} catch (e) {
  const error = e as Error & { $metadata?: unknown };
  console.log(`RESULT ${JSON.stringify({ error: error.name, metadata: error.$metadata, ok })}`);
}
process.exit(0);
