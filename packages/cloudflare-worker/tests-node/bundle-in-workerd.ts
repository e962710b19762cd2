// For the Node-side tests: the package's build command into a temporary directory, and that bundle run
// as its own Worker in workerd (Miniflare) with wrangler.jsonc's compatibility date and flags. Every line
// workerd prints (the Worker's JSON log lines, the runtime's own messages) is captured, never printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { unstable_readConfig } from 'wrangler';

const here = fileURLToPath(new URL('..', import.meta.url));

export interface BundleWorker {
  mf: Miniflare;
  /** what workerd printed, one entry per line, in order */
  lines: string[];
  /** The Worker's answer as a Response of this process (Miniflare's own is undici's). */
  fetch(request: Request): Promise<Response>;
  dispose(): Promise<void>;
}

export interface BundleWorkerOptions {
  /** vars and plain secrets */
  bindings?: Record<string, string>;
  secretsStoreSecrets?: Record<string, { store_id: string; secret_name: string }>;
}

export async function startBundleWorker(options: BundleWorkerOptions): Promise<BundleWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenfn-worker-bundle-'));
  execFileSync(join(here, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', dir], {
    cwd: here,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' },
  });
  const deployed = unstable_readConfig({ config: join(here, 'wrangler.jsonc') }, { hideWarnings: true });
  const lines: string[] = [];
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'index.js'),
    modulesRoot: dir,
    compatibilityDate: deployed.compatibility_date,
    compatibilityFlags: deployed.compatibility_flags,
    ...options,
    handleStructuredLogs: ({ message }: { message: string }) => {
      lines.push(message);
    },
  } as MiniflareOptions);
  await mf.ready;
  return {
    mf,
    lines,
    async fetch(request) {
      const body =
        request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const response = await mf.dispatchFetch(request.url, {
        method: request.method,
        headers: [...request.headers],
        ...(body ? { body } : {}),
        redirect: 'manual',
      });
      const empty = response.status === 204 || response.status === 304 || request.method === 'HEAD';
      return new Response(empty ? null : await response.arrayBuffer(), {
        status: response.status,
        headers: [...response.headers],
      });
    },
    async dispose() {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
