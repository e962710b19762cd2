// `pnpm run deploy` runs this before `wrangler deploy`: the vars in wrangler.jsonc must make a Worker that
// can answer, checked by the app's own loadConfig and the Worker's own refusals (the same rules the Worker
// applies at its first request), plus an AGORA_APP_ID that is set. A deploy that would answer every request with 500 ERR_CONFIGURATION
// stops here with one line naming the variable. Secrets are not read (they live in Cloudflare).
//   tsx scripts/check-deploy.ts [path/to/wrangler.jsonc]
import { fileURLToPath } from 'node:url';
import { isHex32 } from '@tokenfn/core';
import { ConfigError, loadConfig } from '@tokenfn/http';
import { unstable_readConfig } from 'wrangler';
import { refuseGateway } from '../src/worker';

export function deployProblem(vars: Record<string, unknown>): string | undefined {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(vars)) if (typeof value === 'string') env[name] = value;
  const appId = env['AGORA_APP_ID']?.trim() ?? '';
  if (appId === '') return 'AGORA_APP_ID is empty: put your Agora App ID in wrangler.jsonc "vars"';
  if (!isHex32(appId)) return 'AGORA_APP_ID must be 32 hexadecimal characters';
  try {
    // The same checks the Worker makes when it builds the app.
    refuseGateway(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const configPath = process.argv[2] ?? fileURLToPath(new URL('../wrangler.jsonc', import.meta.url));
  const config = unstable_readConfig({ config: configPath }, { hideWarnings: true });
  const problem = deployProblem(config.vars as Record<string, unknown>);
  if (problem) {
    console.error(`tokenfn: not deploying: ${problem}`);
    process.exit(1);
  }
}
