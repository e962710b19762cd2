// `tokenfn api-key`: the keys it makes and the hashes it prints are what API-key authentication accepts,
// and a key that could never match over HTTP is refused with the reason, never echoed.

import { DEMO_CREDENTIALS } from '@tokenfn/core';
import { createApp, loadConfig, silentLogger, staticCredentials } from '@tokenfn/http';
import { describe, expect, it } from 'vitest';
import { builtCli } from './run-cli';

const tokenfn = builtCli();

/** Asks an app configured with API_KEY_HASHES=hash for a token with `key`; returns the status. */
async function statusWith(hash: string, key: string): Promise<number> {
  const app = createApp({
    config: loadConfig({ AUTH_MODE: 'api-key', API_KEY_HASHES: hash }),
    credentials: staticCredentials(DEMO_CREDENTIALS),
    logger: silentLogger,
  });
  const response = await app.fetch(
    new Request('http://tokenfn.test/v1/tokens/rtm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ userId: 'u' }),
    }),
  );
  return response.status;
}

describe('tokenfn api-key', () => {
  it('makes a fresh random key each time, with the hash the service accepts it by', async () => {
    const first = await tokenfn(['api-key', '--json']);
    const second = await tokenfn(['api-key', '--json']);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as { key: string; hash: string };
    const b = JSON.parse(second.stdout) as { key: string; hash: string };
    expect(a.key).toMatch(/^tfn_[A-Za-z0-9_-]{43}$/);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.key).not.toBe(b.key);
    expect(await statusWith(a.hash, a.key)).toBe(200);
    expect(await statusWith(a.hash, b.key)).toBe(401);
  });

  it('prints key and hash for people, and says which one is secret', async () => {
    const r = await tokenfn(['api-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^API key: {9}tfn_\S{43}\nAPI_KEY_HASHES: {2}[0-9a-f]{64}\n$/);
    expect(r.stderr).toMatch(/keep the key secret/);
  });

  it('--hash hashes a key from stdin (one trailing newline dropped) as the service does', async () => {
    const key = 'my-own-api-key-0123456789';
    const r = await tokenfn(['api-key', '--hash'], { stdin: `${key}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(await statusWith(r.stdout.trim(), key)).toBe(200);
    const json = await tokenfn(['api-key', '--hash', '--json'], { stdin: key });
    expect(JSON.parse(json.stdout)).toEqual({ hash: r.stdout.trim() });
  });

  it.each([
    [' padded-api-key-0123456789', /white space/],
    ['api-key-with-é-0123456789', /outside printable ASCII at position 14 \(U\+00E9\)/],
    ['short-key', /is 9 characters long: use at least 16/],
    ['', /is 0 characters long/],
  ])('--hash refuses %j with the reason and without echoing it', async (key, reason) => {
    const r = await tokenfn(['api-key', '--hash'], { stdin: key });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tokenfn api-key: this key cannot be used: it /);
    expect(r.stderr).toMatch(reason);
    if (key.trim()) expect(r.stderr).not.toContain(key.trim());
  });

  it('--hash with nothing piped in says how to give the key, and takes no key as an argument', async () => {
    const positional = await tokenfn(['api-key', '--hash', 'secret-on-the-command-line']);
    expect(positional.code).toBe(2);
    expect(positional.stderr).not.toContain('secret-on-the-command-line');
  });
});
