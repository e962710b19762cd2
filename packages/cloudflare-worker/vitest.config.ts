// Tests run inside workerd (@cloudflare/vitest-plugin) against the bundle that `pnpm build`
// writes: the config builds it first with the same command (wrangler deploy --dry-run --outdir dist),
// then makes dist/index.js the Worker's `main`, so `exports.default` and `import '../dist/index.js'`
// are the deployable artifact, not the TypeScript sources.
//
// The pool runs tests with nodejs_compat switched on for its own runner; the same bundle with
// wrangler.jsonc's own date and flags (no nodejs_compat) is tested from Node (vitest.node.config.ts,
// tests-node/bundle-in-workerd.ts), where every line workerd prints can be captured.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { TEST_API_KEY, TEST_BINDINGS } from './tests/bindings.config.js';

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

// wrangler, reading wrangler.jsonc for the pool, warns that the required secret is not in a .dev.vars
// (the tests bind it themselves); errors still show.
process.env['WRANGLER_LOG'] ??= 'error';

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
