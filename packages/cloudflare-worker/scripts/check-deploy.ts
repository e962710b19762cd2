// `pnpm run deploy` runs this before `wrangler deploy`: the vars in wrangler.jsonc must make a Worker that
// can answer, checked by the app's own loadConfig and the Worker's own refusals (the same rules the Worker
// applies at its first request, on the vars read the way the Worker reads them), plus an AGORA_APP_ID that
// is set unless AGORA_APPS is declared as a secret or Secrets Store binding. A deploy that would answer
// every request with 500 ERR_CONFIGURATION stops here with one line naming the variable. Secrets are not
// read (they live in Cloudflare).
//   tsx scripts/check-deploy.ts [path/to/wrangler.jsonc]
import { fileURLToPath } from 'node:url';
import { isHex32 } from '@tokenfn/core';
import { ConfigError, loadConfig } from '@tokenfn/http';
import { unstable_readConfig } from 'wrangler';
import { stringVars } from '../src/bindings';
import { workerRateLimiter } from '../src/rate-limiter';
import { refuseGateway } from '../src/worker';

export interface DeployCheckOptions {
  /** the names wrangler.jsonc declares as secrets (`secrets.required`) or Secrets Store bindings */
  secrets?: readonly string[];
}

export function deployProblem(vars: Record<string, unknown>, o: DeployCheckOptions = {}): string | undefined {
  const env = stringVars(vars);
  const appId = env['AGORA_APP_ID']?.trim() ?? '';
  if (o.secrets?.includes('AGORA_APPS')) {
    if (appId !== '') {
      return 'AGORA_APPS is a secret and AGORA_APP_ID is set too: set one form only (empty AGORA_APP_ID)';
    }
  } else {
    if (appId === '') return 'AGORA_APP_ID is empty: put your Agora App ID in wrangler.jsonc "vars"';
    if (!isHex32(appId)) return 'AGORA_APP_ID must be 32 hexadecimal characters';
  }
  try {
    // The same checks the Worker makes when it builds the app. A RATE_LIMITER among the vars is not
    // the binding (that is declared in "ratelimits"), so the Worker would refuse it too.
    refuseGateway(loadConfig(env));
    workerRateLimiter(vars['RATE_LIMITER'], env['RATE_LIMIT_PERIOD_SECONDS']);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const configPath = process.argv[2] ?? fileURLToPath(new URL('../wrangler.jsonc', import.meta.url));
  const config = unstable_readConfig({ config: configPath }, { hideWarnings: true });
  const secrets = [
    ...(config.secrets?.required ?? []),
    ...config.secrets_store_secrets.map((s: { binding: string }) => s.binding),
  ];
  const problem = deployProblem(config.vars as Record<string, unknown>, { secrets });
  if (problem) {
    console.error(`tokenfn: not deploying: ${problem}`);
    process.exit(1);
  }
}
