// `pnpm run deploy` refuses vars that would make every request a 500: the check, and the script as it runs.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { deployProblem } from '../scripts/check-deploy';

const here = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(here, '../../node_modules/.bin/tsx');
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const HASH = 'a'.repeat(64);

describe('deployProblem', () => {
  it('names what is missing or wrong, and passes a configuration that can answer', () => {
    expect(deployProblem({ AGORA_APP_ID: '', AUTH_MODE: 'api-key', API_KEY_HASHES: HASH })).toMatch(
      /^AGORA_APP_ID is empty/,
    );
    expect(deployProblem({ AGORA_APP_ID: 'x', AUTH_MODE: 'api-key', API_KEY_HASHES: HASH })).toMatch(
      /^AGORA_APP_ID must be/,
    );
    expect(deployProblem({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'api-key', API_KEY_HASHES: '' })).toMatch(
      /^API_KEY_HASHES/,
    );
    expect(deployProblem({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'gateway' })).toMatch(/gateway/);
    expect(deployProblem({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'jwt' })).toMatch(/^JWT_/);
    expect(
      deployProblem({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'api-key', API_KEY_HASHES: HASH }),
    ).toBeUndefined();
  });

  it('reads JSON numbers, booleans and objects as the Worker does', () => {
    expect(
      deployProblem({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: true }),
    ).toBeUndefined();
    expect(
      deployProblem({
        AGORA_APP_ID: APP_ID,
        AUTH_MODE: 'none',
        ALLOW_UNAUTHENTICATED: true,
        MAX_EXPIRES_IN: 0,
      }),
    ).toMatch(/^MAX_EXPIRES_IN/);
    expect(
      deployProblem({
        AGORA_APP_ID: APP_ID,
        AUTH_MODE: 'api-key',
        API_KEY_HASHES: HASH,
        API_KEY_SCOPES: { ['b'.repeat(64)]: { products: ['rtc'] } },
      }),
    ).toMatch(/^API_KEY_SCOPES/);
  });

  it("applies the Worker's own refusals: RATE_LIMIT_PERIOD_SECONDS", () => {
    const vars = { AGORA_APP_ID: APP_ID, AUTH_MODE: 'api-key', API_KEY_HASHES: HASH };
    expect(deployProblem({ ...vars, RATE_LIMIT_PERIOD_SECONDS: '30' })).toMatch(/^RATE_LIMIT_PERIOD_SECONDS/);
    expect(deployProblem({ ...vars, RATE_LIMIT_PERIOD_SECONDS: 10 })).toBeUndefined();
  });

  it('lets AGORA_APPS (a secret or a Secrets Store binding) stand in for AGORA_APP_ID, never beside it', () => {
    const vars = { AUTH_MODE: 'api-key', API_KEY_HASHES: HASH };
    expect(deployProblem({ ...vars, AGORA_APP_ID: '' }, { secrets: ['AGORA_APPS'] })).toBeUndefined();
    expect(deployProblem({ ...vars }, { secrets: ['AGORA_APPS'] })).toBeUndefined();
    expect(deployProblem({ ...vars, AGORA_APP_ID: APP_ID }, { secrets: ['AGORA_APPS'] })).toMatch(
      /^AGORA_APPS/,
    );
  });
});

describe('scripts/check-deploy.ts', () => {
  const run = async (vars: Record<string, unknown>, more: Record<string, unknown> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenfn-deploy-'));
    const config = join(dir, 'wrangler.jsonc');
    writeFileSync(
      config,
      JSON.stringify({ name: 't', main: 'x.js', compatibility_date: '2026-07-30', vars, ...more }),
    );
    try {
      await promisify(execFile)(tsx, [join(here, 'scripts/check-deploy.ts'), config], { cwd: here });
      return { code: 0, stderr: '' };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  };

  it("refuses the repository's own wrangler.jsonc as shipped (empty App ID), in one line", async () => {
    const r = await run({ AGORA_APP_ID: '', AUTH_MODE: 'api-key', API_KEY_HASHES: '' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'tokenfn: not deploying: AGORA_APP_ID is empty: put your Agora App ID in wrangler.jsonc "vars"',
    );
  });

  it('lets a complete configuration through', async () => {
    expect((await run({ AGORA_APP_ID: APP_ID, AUTH_MODE: 'api-key', API_KEY_HASHES: HASH })).code).toBe(0);
  });

  it('lets AGORA_APPS from a Secrets Store binding through without an App ID', async () => {
    const store = { binding: 'AGORA_APPS', store_id: 's', secret_name: 'agora-apps' };
    const r = await run(
      { AGORA_APP_ID: '', AUTH_MODE: 'api-key', API_KEY_HASHES: HASH },
      { secrets_store_secrets: [store] },
    );
    expect(r).toEqual({ code: 0, stderr: '' });
  });
});
