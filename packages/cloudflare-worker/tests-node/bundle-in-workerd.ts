// For the Node-side tests: the bundle the package's build command wrote (once per run, global-setup.ts) run
// as its own Worker in workerd (Miniflare) with wrangler.jsonc's compatibility date and flags. Every line
// workerd prints (the Worker's JSON log lines, the runtime's own messages) is captured, never printed.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { inject } from 'vitest';
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
  /** vars and plain secrets: a string, or a JSON value as wrangler passes a var written as one */
  bindings?: Record<string, unknown>;
  secretsStoreSecrets?: Record<string, { store_id: string; secret_name: string }>;
}

export async function startBundleWorker(options: BundleWorkerOptions): Promise<BundleWorker> {
  const dir = inject('workerBundleDir');
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
    dispose: () => mf.dispose(),
  };
}
