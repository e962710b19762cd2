// `pnpm bench`: runs every benchmark script of the workspace, one after another, in its own process.
// Each script prints its own figures (ratios against a baseline measured in the same run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = [
  'packages/core',
  'packages/http',
  'packages/server',
  'packages/inspector',
  'packages/aws-lambda',
  'packages/cloudflare-worker',
  'packages/client',
];
const only = process.argv[2];
let failed = 0;
for (const dir of dirs) {
  const benchDir = join(root, dir, 'bench');
  if (!existsSync(benchDir)) continue;
  for (const file of readdirSync(benchDir).sort()) {
    if (!file.endsWith('.bench.ts') && !file.endsWith('.bench.mjs')) continue;
    if (only && !file.includes(only)) continue;
    console.log(`\n=== ${dir}/bench/${file}`);
    const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(benchDir, file)], {
      cwd: join(root, dir),
      stdio: 'inherit',
    });
    if (r.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
