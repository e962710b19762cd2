// Lambda cold start, approximated on this machine: a fresh `node` process that imports the BUILT bundle
// (dist/index.mjs, the Lambda init phase) and answers its first API Gateway event, with the secret
// fetched by the bundle's Secrets Manager client from a loopback Secrets Manager that verifies the
// request's signature. Compared with `node -e 0` in the same run,
// runs interleaved, medians. Also prints the bundle size, minified and gzipped.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SecretsExtensionFake } from '../tests/fakes/secrets-extension';
import { FAKE_CREDENTIALS, SecretsManagerFake } from '../tests/fakes/secrets-manager';
import { v2EventFromRequest } from '../tests/support/api-gateway-events';
import { awsEnvFor } from '../tests/support/aws-env';
import { BUNDLE, buildBundle, FIRST_EVENT } from '../tests/support/build-bundle';
import { rtcRequest, sha256Hex } from '../tests/support/invoke';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 21);
const CPU_REPORT = fileURLToPath(new URL('./cpu-report.cjs', import.meta.url));
const TARGET_MS = 40;
const TARGET_GZIP_KIB = 64;

buildBundle();
const code = readFileSync(BUNDLE);
const minKiB = code.length / 1024;
const gzKiB = gzipSync(code, { level: 9 }).length / 1024;

const fake = new SecretsManagerFake();
const endpoint = await fake.start();
fake.putSecret(
  'tokenfn/bench',
  JSON.stringify({
    appId: '970CA35de60c44645bbae8a215061b33',
    appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  }),
);
const API_KEY = 'bench-api-key-000000000000';
const env = {
  PATH: process.env['PATH'] ?? '',
  ...awsEnvFor(endpoint),
  AGORA_SECRET_ID: 'tokenfn/bench',
  AUTH_MODE: 'api-key',
  API_KEY_HASHES: await sha256Hex(API_KEY),
  TOKENFN_EVENT: JSON.stringify(await v2EventFromRequest(rtcRequest(API_KEY))),
};

const variants: Record<string, string[]> = {
  'node -e 0 (baseline)': ['-e', '0'],
  'first new Request() (undici load)': ['-e', 'new Request("http://x/")'],
  'import bundle only (init, no event)': [
    '--input-type=module',
    '-e',
    `await import(${JSON.stringify(BUNDLE)}); process.exit(0)`,
  ],
  'import bundle + first event (cold start)': [FIRST_EVENT, BUNDLE],
};
// The same, with the credentials in the environment: no Secrets Manager request (shows what the first
// GetSecretValue costs; not a production configuration).
const WITHOUT_STORE = 'same, credentials from env (no store call)';
const variantEnv: Record<string, Record<string, string>> = {
  [WITHOUT_STORE]: {
    AGORA_SECRET_ID: '',
    AGORA_APP_ID: '970CA35de60c44645bbae8a215061b33',
    AGORA_APP_CERTIFICATE: '5CFd2fd1755d40ecb72977518be15d3b',
  },
};
variants[WITHOUT_STORE] = [FIRST_EVENT, BUNDLE];
// Opt-in (add the layer): the secret from the AWS Parameters and Secrets Lambda Extension on localhost (a
// loopback stand-in of its endpoint here), so the function loads no TLS and no signer. The extension is
// its own process; its start-up is not in this figure.
const extension = new SecretsExtensionFake(FAKE_CREDENTIALS.sessionToken);
const extensionPort = await extension.start();
extension.putSecret(
  'tokenfn/bench',
  JSON.stringify({
    appId: '970CA35de60c44645bbae8a215061b33',
    appCertificate: '5CFd2fd1755d40ecb72977518be15d3b',
  }),
);
const VIA_EXTENSION = 'cold start, secret via the Lambda extension';
variantEnv[VIA_EXTENSION] = {
  AWS_ENDPOINT_URL_SECRETS_MANAGER: '',
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(extensionPort),
};
variants[VIA_EXTENSION] = [FIRST_EVENT, BUNDLE];

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', CPU_REPORT, ...args], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const cpuUs = Number(err.match(/CPU_US (\d+)/)?.[1]);
      if (code !== 0 || !cpuUs)
        reject(new Error(`${args.join(' ')} exited ${code}: ${(out + err).slice(0, 500)}`));
      else if (args[0] === FIRST_EVENT && !out.includes('RESULT {"statusCode":200')) {
        reject(new Error(`first event did not answer 200: ${out.slice(0, 500)}`));
      } else resolve({ wallMs, cpuMs: cpuUs / 1000 });
    });
  });
}

const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const [name, args] of Object.entries(variants)) await run(args, variantEnv[name]); // warm the OS file cache
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(variants)) samples[name]?.push(await run(args, variantEnv[name]));
}
await fake.close();
await extension.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const wall = (name: string) => median((samples[name] ?? []).map((s) => s.wallMs));
const cpu = (name: string) => median((samples[name] ?? []).map((s) => s.cpuMs));
const BASE = 'node -e 0 (baseline)';
const COLD = 'import bundle + first event (cold start)';
console.log(
  `Lambda cold start (fresh node process), ${RUNS} interleaved runs each, medians, Node ${process.version}`,
);
console.log(
  `  ${''.padEnd(44)} ${'wall'.padStart(9)} ${'over base'.padStart(11)} ${'cpu'.padStart(9)} ${'over base'.padStart(11)}`,
);
for (const name of Object.keys(samples)) {
  const w = wall(name);
  const c = cpu(name);
  console.log(
    `  ${name.padEnd(44)} ${`${w.toFixed(1)} ms`.padStart(9)} ${`+${(w - wall(BASE)).toFixed(1)} ms`.padStart(11)} ${`${c.toFixed(1)} ms`.padStart(9)} ${`+${(c - cpu(BASE)).toFixed(1)} ms`.padStart(11)}`,
  );
}
for (const [label, name] of [
  ['direct client', COLD],
  ['via the extension (opt-in layer)', VIA_EXTENSION],
] as const) {
  const over = wall(name) - wall(BASE);
  console.log(
    `cold start over node -e 0, ${label}: ${over.toFixed(1)} ms wall, ${(cpu(name) - cpu(BASE)).toFixed(1)} ms cpu (target <= ${TARGET_MS} ms: ${over <= TARGET_MS ? 'met' : 'MISSED'})`,
  );
}
console.log(
  `bundle dist/index.mjs: ${minKiB.toFixed(1)} KiB minified, ${gzKiB.toFixed(1)} KiB gzipped (target <= ${TARGET_GZIP_KIB} KiB: ${gzKiB <= TARGET_GZIP_KIB ? 'met' : 'MISSED'})`,
);
