// tokenfn convoai / stt, --app with AGORA_APPS, and verify during a certificate rotation, as the built CLI.
import { DEMO_CREDENTIALS, decodeToken, verifyToken } from '@tokenfn/core';
import { describe, expect, it } from 'vitest';
import { builtCli, hex32 } from './run-cli';

const tokenfn = builtCli();
const prod = { appId: hex32(), appCertificate: hex32() };
const staging = { appId: hex32(), appCertificate: hex32() };
const APPS = JSON.stringify({ apps: { prod, staging } });

describe('tokenfn convoai and stt', () => {
  it("prints the agent's RTC + RTM + ConvoAI token, and the bot's with STT", async () => {
    const env = { AGORA_APP_ID: prod.appId, AGORA_APP_CERTIFICATE: prod.appCertificate };
    const agent = await tokenfn(['convoai', '--channel', 'support', '--uid', '1001', '--json'], { env });
    expect(agent.code).toBe(0);
    const body = JSON.parse(agent.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({ channel: 'support', uid: 1001, role: 'publisher', rtmUserId: '1001' });
    const d = decodeToken(body['token'] as string);
    if (d.version !== '007') throw new Error('unreachable');
    expect(d.services.map((s) => s.type)).toEqual([1, 2, 9]);
    expect(verifyToken(body['token'] as string, prod.appCertificate)).toBe(true);
    const bot = await tokenfn(['stt', '--channel', 'talk', '--account', 'sub-bot'], { env });
    const db = decodeToken(bot.stdout.trim());
    if (db.version !== '007') throw new Error('unreachable');
    expect(db.services.map((s) => s.type)).toEqual([1, 2, 10]);
    const [zero, tooBig] = await Promise.all([
      tokenfn(['convoai', '--channel', 'c', '--uid', '0'], { env }),
      tokenfn(['stt', '--channel', 'c', '--uid', '4294967296'], { env }),
    ]);
    for (const r of [zero, tooBig]) {
      expect(r.code).toBe(2);
      // an agent joins as itself: no word of 0 letting any user join
      expect(r.stderr).toContain("--uid must be the agent's own uid, an integer from 1 to 4294967295");
      expect(r.stderr).not.toContain('any user');
    }
  });
});

describe('--app with AGORA_APPS', () => {
  it('signs with the named app, the default one, or asks which', async () => {
    const named = await tokenfn(['rtm', '--user-id', 'u', '--app', 'staging', '--json'], {
      env: { AGORA_APPS: APPS },
    });
    expect(named.code).toBe(0);
    const body = JSON.parse(named.stdout) as { token: string; app: string; appId: string };
    expect(body).toMatchObject({ app: 'staging', appId: staging.appId });
    expect(verifyToken(body.token, staging.appCertificate)).toBe(true);
    const byDefault = await tokenfn(['rtc', '--channel', 'c', '--uid', '1'], {
      env: { AGORA_APPS: APPS, AGORA_DEFAULT_APP: 'prod' },
    });
    expect(verifyToken(byDefault.stdout.trim(), prod.appCertificate)).toBe(true);
    const ambiguous = await tokenfn(['chat', '--user-id', 'u'], { env: { AGORA_APPS: APPS } });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--app');
    const unknown = await tokenfn(['chat', '--user-id', 'u', '--app', 'qa'], { env: { AGORA_APPS: APPS } });
    expect(unknown.code).toBe(2);
    const noApps = await tokenfn(['chat', '--user-id', 'u', '--app', 'prod'], {});
    expect(noApps.code).toBe(2);
    for (const r of [named, byDefault, ambiguous, unknown, noApps]) {
      for (const c of [prod.appCertificate, staging.appCertificate, DEMO_CREDENTIALS.appCertificate]) {
        expect(r.stdout + r.stderr).not.toContain(c);
      }
    }
  });
});

describe('tokenfn verify during a rotation', () => {
  it('accepts a token signed with AGORA_PREVIOUS_APP_CERTIFICATE and says which certificate matched', async () => {
    const old = hex32();
    const oldToken = (
      await tokenfn(['rtc', '--channel', 'c', '--uid', '1'], {
        env: { AGORA_APP_ID: prod.appId, AGORA_APP_CERTIFICATE: old },
      })
    ).stdout.trim();
    const env = { AGORA_APP_CERTIFICATE: prod.appCertificate, AGORA_PREVIOUS_APP_CERTIFICATE: old };
    const accepted = await tokenfn(['verify', oldToken, '--json'], { env });
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      valid: true,
      certificate: 'previous',
      certificateFrom: 'AGORA_PREVIOUS_APP_CERTIFICATE',
    });
    const text = await tokenfn(['verify', oldToken], { env });
    expect(text.stdout).toContain('AGORA_PREVIOUS_APP_CERTIFICATE');
    const without = await tokenfn(['verify', oldToken], {
      env: { AGORA_APP_CERTIFICATE: prod.appCertificate },
    });
    expect(without.code).toBe(1);
    for (const r of [accepted, text, without]) expect(r.stdout + r.stderr).not.toContain(old);
  });
});

describe('tokenfn verify with AGORA_APPS', () => {
  it("checks against the app with the token's App ID (or --app), its current and previous certificate", async () => {
    const old = hex32();
    const rotating = { ...staging, previousAppCertificate: old };
    const apps = JSON.stringify({ apps: { prod, staging: rotating } });
    const mint = async (appId: string, appCertificate: string) =>
      (
        await tokenfn(['rtm', '--user-id', 'u'], {
          env: { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appCertificate },
        })
      ).stdout.trim();
    const prodToken = await mint(prod.appId, prod.appCertificate);
    const oldStagingToken = await mint(staging.appId, old);

    const byAppId = await tokenfn(['verify', prodToken, '--json'], { env: { AGORA_APPS: apps } });
    expect(byAppId.code).toBe(0);
    expect(JSON.parse(byAppId.stdout)).toMatchObject({
      valid: true,
      certificateFrom: 'AGORA_APPS (app "prod")',
    });

    const previous = await tokenfn(['verify', oldStagingToken, '--json'], { env: { AGORA_APPS: apps } });
    expect(previous.code).toBe(0);
    expect(JSON.parse(previous.stdout)).toMatchObject({
      valid: true,
      certificate: 'previous',
      certificateFrom: 'AGORA_APPS (app "staging"), previousAppCertificate',
    });

    // --app names another app: its certificates do not match
    const wrongApp = await tokenfn(['verify', prodToken, '--app', 'staging'], { env: { AGORA_APPS: apps } });
    expect(wrongApp.code).toBe(1);
    const unknownAppId = await tokenfn(['verify', await mint(hex32(), hex32())], {
      env: { AGORA_APPS: apps },
    });
    expect(unknownAppId.code).toBe(2);
    expect(unknownAppId.stderr).toContain('--app');
    const noApps = await tokenfn(['verify', prodToken, '--app', 'prod'], {
      env: { AGORA_APP_CERTIFICATE: prod.appCertificate },
    });
    expect(noApps.code).toBe(2);
    for (const r of [byAppId, previous, wrongApp, unknownAppId, noApps]) {
      for (const c of [prod.appCertificate, staging.appCertificate, old])
        expect(r.stdout + r.stderr).not.toContain(c);
    }
  });
});
