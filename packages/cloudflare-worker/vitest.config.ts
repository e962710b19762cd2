// Tests run inside workerd (@cloudflare/vitest-pool-workers) against the bundle that `pnpm build`
// writes: the config builds it first with the same command (wrangler deploy --dry-run --outdir dist),
// then makes dist/index.js the Worker's `main`, so `exports.default` and `import '../dist/index.js'`
// are the deployable artifact, not the TypeScript sources.
//
// The pool runs tests with nodejs_compat switched on for its own runner, so the same bundle is also
// served as a separate, plain Worker (`PLAIN_WORKER`, wrangler.jsonc's compatibility date and flags,
// i.e. no nodejs_compat) that the contract suite calls through a service binding.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { unstable_readConfig } from 'wrangler';
// relative, so the config bundler compiles the TypeScript source (a bare import would be left to Node)
import { CONTRACT_ENV } from '../../tests/contract/suite';
import { TEST_API_KEY, TEST_BINDINGS } from './tests/bindings.config';

const here = fileURLToPath(new URL('.', import.meta.url));
const bundle = `${here}dist/index.js`;

/** Only when this project runs: `vitest --project core` loads every project's config too. */
function thisProjectSelected(): boolean {
  const wanted: string[] = [];
  process.argv.forEach((arg, i) => {
    if (arg === '--project') wanted.push(process.argv[i + 1] ?? '');
    else if (arg.startsWith('--project=')) wanted.push(arg.slice('--project='.length));
  });
  return wanted.length === 0 || wanted.some((p) => 'cloudflare-worker'.match(globToRegExp(p)));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
}

if (process.env['TOKENFN_WORKER_SKIP_BUILD'] !== '1' && thisProjectSelected()) {
  try {
    execFileSync(`${here}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', 'dist'], {
      cwd: here,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' },
    });
  } catch {
    // Never test a stale bundle; and do not take the other projects' runs down with this one.
    rmSync(bundle, { force: true });
    console.error(
      'cloudflare-worker: `wrangler deploy --dry-run` failed; its tests will fail to load dist/index.js',
    );
  }
}

const deployed = unstable_readConfig({ config: `${here}wrangler.jsonc` }, { hideWarnings: true });

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: bundle,
      wrangler: { configPath: `${here}wrangler.jsonc` },
      miniflare: {
        ...TEST_BINDINGS,
        bindings: {
          ...TEST_BINDINGS.bindings,
          API_KEY_HASHES: createHash('sha256').update(TEST_API_KEY).digest('hex'),
        },
        serviceBindings: { PLAIN_WORKER: 'tokenfn-plain' },
        workers: [
          {
            name: 'tokenfn-plain',
            modules: true,
            scriptPath: bundle,
            compatibilityDate: deployed.compatibility_date,
            compatibilityFlags: deployed.compatibility_flags,
            bindings: { ...CONTRACT_ENV },
          },
        ],
      },
    }),
  ],
  test: {
    name: 'cloudflare-worker',
    root: here,
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    setupFiles: ['tests/setup.ts'],
  },
});
