// `node ../../scripts/clean-dist.mjs`, run by a package's build before tsc: removes the package's dist/, so a
// source file that was renamed or deleted leaves no stale output behind for `pnpm pack` to ship.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
