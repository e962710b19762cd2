import { deflateSync } from 'node:zlib';
import {
  AccessToken2,
  ApaasTokenBuilder,
  buildChatAppToken,
  buildRtcToken,
  decodeToken,
  Service,
  ServiceRtc,
  ServiceRtm,
} from '@tokenfn/core';
import agoraAccessToken from 'agora-access-token';
import { describe, expect, it } from 'vitest';
import { builtCli, hasStackTrace } from './run-cli';

const tokenfn = builtCli();

const credentials = {
  appId: '0123456789abcdef0123456789ABCDEF',
  appCertificate: 'fedcba9876543210fedcba9876543210',
};
const now = () => Math.floor(Date.now() / 1000);
const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');

describe('tokenfn decode', () => {
  it('shows a 007 token as a table: services, named privileges, dates and relative times', async () => {
    const issueTs = now() - 40;
    const token = buildRtcToken(
      credentials,
      {
        channel: 'stage',
        uid: 7,
        role: 'publisher',
        expiresIn: 3600,
        privileges: { join: 0, publishAudio: 600, publishVideo: 600, publishData: 600 },
        rtmUserId: 'seven',
      },
      { issueTs, salt: 424242 },
    );
    const result = await tokenfn(['decode', token]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const out = result.stdout;
    expect(out).toMatch(/^version +007 \(AccessToken2\)$/m);
    expect(out).toMatch(new RegExp(`^app id +${credentials.appId}$`, 'm'));
    expect(out).toMatch(new RegExp(`^issued +${iso(issueTs)} \\(4\\ds ago\\)$`, 'm'));
    expect(out).toMatch(
      new RegExp(`^expires +${iso(issueTs + 3600)} \\(expires in 59m; 3600s after issue\\)$`, 'm'),
    );
    expect(out).toMatch(/^salt +424242$/m);
    expect(out).toMatch(/^signature +[0-9a-f]{64}$/m);
    expect(out).toMatch(/^services +rtc \(service 1\), rtm \(service 2\)$/m);
    expect(out).toMatch(/^ {2}channel +"stage"$/m);
    expect(out).toMatch(/^ {2}uid +7$/m);
    expect(out).toMatch(/^ {2}join channel +until the token expires \(0\)$/m);
    const audioAt = iso(issueTs + 600);
    expect(out).toMatch(
      new RegExp(`^  publish audio +${audioAt} \\(expires in 9m; 600s after issue\\)$`, 'm'),
    );
    expect(out).toMatch(/^ {2}publish video +.*600s after issue/m);
    expect(out).toMatch(/^ {2}publish data +.*600s after issue/m);
    expect(out).toMatch(/^ {2}user id +"seven"$/m);
    expect(out).toMatch(/^ {2}login +until the token expires \(3600s after issue\)$/m);
  });

  it('says "expired 3h ago" for an old token, and reads the token from stdin with -', async () => {
    const token = buildChatAppToken(credentials, { expiresIn: 3600 }, { issueTs: now() - 4 * 3600 });
    const result = await tokenfn(['decode', '-'], { stdin: `${token}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^issued +\S+ \(4h ago\)$/m);
    expect(result.stdout).toMatch(/^expires +\S+ \(expired 3h ago; 3600s after issue\)$/m);
    expect(result.stdout).toMatch(/^chat \(service 5\)$/m);
    expect(result.stdout).toMatch(/^ {2}app +until the token expires \(3600s after issue\)$/m);
  });

  it('decodes a legacy 006 token made by agora-access-token', async () => {
    const expiresAt = now() + 4 * 60 + 10; // 4m10s from now: "4m" (the nearest minute) even if seconds pass
    const token = agoraAccessToken.RtcTokenBuilder.buildTokenWithUid(
      credentials.appId,
      credentials.appCertificate,
      'legacy',
      99,
      agoraAccessToken.RtcRole.PUBLISHER,
      expiresAt,
    );
    const [table, json] = await Promise.all([
      tokenfn(['decode', token]),
      tokenfn(['decode', token, '--json']),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^version +006 \(AccessToken, legacy\)$/m);
    expect(table.stdout).toMatch(new RegExp(`^app id +${credentials.appId}$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^expires +${iso(expiresAt)} \\(expires in 4m\\)$`, 'm'));
    expect(table.stdout).toMatch(/^channel crc +0x[0-9a-f]{8}$/m);
    for (const name of ['join channel', 'publish audio', 'publish video', 'publish data']) {
      expect(table.stdout).toMatch(new RegExp(`^  ${name} +${iso(expiresAt)} \\(expires in 4m\\)$`, 'm'));
    }
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(decodeToken(token))));
  });

  it('--json prints exactly what decodeToken gives', async () => {
    const token = buildRtcToken(credentials, {
      channel: 'c',
      account: 'acc',
      role: 'subscriber',
      expiresIn: 60,
    });
    const result = await tokenfn(['decode', '--json', token]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(decodeToken(token))));
  });

  it('a malformed token exits 1 with one clean line: no stack trace, nothing on stdout, no echo', async () => {
    const good = buildRtcToken(credentials, { channel: 'c', uid: 1, role: 'publisher', expiresIn: 60 });
    const inputs = [
      'hello',
      '007',
      '007!!!!',
      `007${btoa('not zlib at all')}`,
      good.slice(0, good.length - 12),
      `006${'x'.repeat(40)}`,
    ];
    const results = await Promise.all(inputs.map((token) => tokenfn(['decode', token])));
    results.forEach((result, i) => {
      const input = inputs[i]!;
      expect({ input, code: result.code, stdout: result.stdout }).toEqual({ input, code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^tokenfn decode: not a valid Agora token: .+\n$/);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(hasStackTrace(result.stderr)).toBe(false);
      if (input.length > 10) expect(result.stderr).not.toContain(input);
    });
  });
});

describe('tokenfn decode, other services', () => {
  it('shows APaaS fields (room, user, role), and keeps an unknown service type, which still verifies', async () => {
    const room = ApaasTokenBuilder.buildRoomUserToken(
      credentials.appId,
      credentials.appCertificate,
      'room-uuid-1',
      'user-uuid-1',
      2,
      900,
    );
    class FutureService extends Service {
      readonly type = 42;
    }
    const future = new AccessToken2(credentials.appId, credentials.appCertificate, 900);
    future.addService(new ServiceRtm('zed').addPrivilege(ServiceRtm.kPrivilegeLogin, 0));
    future.addService(new FutureService().addPrivilege(7, 0));
    const futureToken = future.build();
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const [roomTable, futureTable, futureVerify] = await Promise.all([
      tokenfn(['decode', room]),
      tokenfn(['decode', futureToken]),
      tokenfn(['verify', futureToken], { env }),
    ]);
    expect(roomTable.code).toBe(0);
    expect(roomTable.stdout).toMatch(
      /^services +rtm \(service 2\), chat \(service 5\), apaas \(service 7\)$/m,
    );
    expect(roomTable.stdout).toMatch(/^ {2}room uuid +"room-uuid-1"$/m);
    expect(roomTable.stdout).toMatch(/^ {2}user uuid +"user-uuid-1"$/m);
    expect(roomTable.stdout).toMatch(/^ {2}role +2$/m);
    expect(roomTable.stdout).toMatch(/^ {2}room user +until the token expires \(900s after issue\)$/m);
    expect(futureTable.code).toBe(0);
    expect(futureTable.stdout).toMatch(/^services +rtm \(service 2\), unknown \(service 42\)$/m);
    expect(futureTable.stdout).toMatch(/^ {2}raw bytes \(hex\) +"[0-9a-f]+"$/m);
    expect(futureVerify.code).toBe(0);
    expect(futureVerify.stdout).toMatch(/^valid: /);
  });
});

describe('tokenfn decode and verify, hostile text inside a token', () => {
  it('nothing from the token reaches the terminal raw: C0/C1 controls, DEL and bidi overrides are escaped', async () => {
    // A signed token whose fields carry terminal control sequences (the low-level API packs any string).
    const hostile = '\u001b[2J\u009b31m\u007f\u202eevil';
    const token = new AccessToken2(credentials.appId, credentials.appCertificate, 900)
      .addService(new ServiceRtc(hostile, hostile).addPrivilege(ServiceRtc.kPrivilegeJoinChannel, 0))
      .addService(new ServiceRtm(hostile).addPrivilege(ServiceRtm.kPrivilegeLogin, 0))
      .build();
    const env = { AGORA_APP_CERTIFICATE: credentials.appCertificate };
    const [table, json, mismatch, mismatchJson] = await Promise.all([
      tokenfn(['decode', token]),
      tokenfn(['decode', '--json', token]),
      tokenfn(['verify', token, '--channel', 'other', '--account', 'someone'], { env }),
      tokenfn(['verify', token, '--channel', 'other', '--account', 'someone', '--json'], { env }),
    ]);
    const printable = /^[\x20-\x7e\n]*$/;
    for (const result of [table, json, mismatch, mismatchJson]) {
      expect(result.stdout).toMatch(printable);
      expect(result.stderr).toMatch(printable);
    }
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ {2}channel +"\\u001b\[2J\\u009b31m\\u007f\\u202eevil"$/m);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(decodeToken(token))));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stdout).toContain('\\u009b31m');
    expect(mismatchJson.code).toBe(1);
    // the reason inside the JSON quotes the channel as an escaped literal, and parses back to it
    expect(JSON.parse(mismatchJson.stdout).reason).toContain(
      JSON.stringify(hostile).replace(
        /[^\x20-\x7e]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    );
  });
});

describe('tokenfn decode, tokens that inflate past the cap', () => {
  // A 007 payload is zlib: a few hundred characters can inflate to a megabyte. Real tokens inflate to
  // under 2 KiB; decode refuses more than 16 KiB unless --allow-large raises it to the library's 1 MiB.
  const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
  const u32 = (n: number) => Buffer.from(new Uint32Array([n]).buffer);
  const str = (text: string) => Buffer.concat([u16(Buffer.byteLength(text)), Buffer.from(text)]);
  /** An RTM service (type 2, login for the token's lifetime) for `userId`, as the format packs it. */
  const rtmService = (userId: string) => Buffer.concat([u16(2), u16(1), u16(1), u32(0), str(userId)]);
  /** A 007 token of these services, compressed at zlib's best: decode reads it without the signature. */
  function token007(services: Buffer[]): string {
    const info = Buffer.concat([
      str(credentials.appId),
      u32(now()),
      u32(600),
      u32(1),
      u16(services.length),
      ...services,
    ]);
    const payload = Buffer.concat([str('s'.repeat(32)), info]);
    return `007${deflateSync(payload, { level: 9 }).toString('base64')}`;
  }

  it('refuses by default a short token that inflates to over 16 KiB, and names the way out', async () => {
    const small = token007([rtmService('alice')]);
    expect(decodeToken(small)).toMatchObject({ services: [{ name: 'rtm', userId: 'alice' }] });
    const bomb = token007([rtmService('a'.repeat(40_000))]);
    expect(bomb.length).toBeLessThan(400);
    const refused = await tokenfn(['decode', bomb]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('more than 16384 bytes');
    expect(refused.stderr).toContain('--allow-large');
    expect(refused.stderr.split('\n')).toHaveLength(2);
    const allowed = await tokenfn(['decode', bomb, '--allow-large', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).services[0].userId).toBe('a'.repeat(40_000));
  });

  it('accepts what fits under the cap; --allow-large still stops at 1 MiB', async () => {
    expect((await tokenfn(['decode', token007([rtmService('a'.repeat(15_000))])])).code).toBe(0);
    const huge = token007(Array.from({ length: 20 }, () => rtmService('b'.repeat(60_000))));
    const result = await tokenfn(['decode', huge, '--allow-large']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('more than 1048576 bytes');
  });
});
