// Tests run inside workerd (@cloudflare/vitest-pool-workers) against the bundle that `pnpm build`
// writes: the config builds it first with the same command (wrangler deploy --dry-run --outdir dist),
// then makes dist/index.js the Worker's `main`, so `exports.default` and `import '../dist/index.js'`
// are the deployable artifact, not the TypeScript sources.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_API_KEY, TEST_BINDINGS } from './tests/bindings.config';

const here = fileURLToPath(new URL('.', import.meta.url));

if (process.env['TOKENFN_WORKER_SKIP_BUILD'] !== '1') {
  execFileSync(`${here}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', 'dist'], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' },
  });
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: `${here}dist/index.js`,
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
    // the Worker logs one JSON line per request: keep those off the terminal (tests that check
    // log lines capture them with a console.log spy)
    onConsoleLog: (log) => !log.startsWith('{"level":'),
  },
});
