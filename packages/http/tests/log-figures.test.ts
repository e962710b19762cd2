// logFigures on the app's real request lines: a token issued counts once by product and app, an
// inspection counts as none, a 401 as an authentication failure, a 403 by its denial reason.
import { buildRtcToken, DEMO_CREDENTIALS } from '@tokenfn/core';
import { LogCapture } from '@tokenfn/http/testing';
import { describe, expect, it } from 'vitest';
import { logFigures } from '../src/index.js';
import { harness } from './support/app-harness.js';

describe('logFigures of request lines', () => {
  it('counts tokens, not inspections; 401s; 403s by reason', async () => {
    const logs = new LogCapture();
    const h = harness({ AUTH_MODE: 'gateway', JWT_CHANNELS_CLAIM: 'channels' }, { logs });
    const id = { sub: 's', claims: { channels: ['lobby'] } };
    await h.post('/v1/tokens/rtc', { channel: 'lobby', uid: 1 }, {}, id);
    const token = buildRtcToken(DEMO_CREDENTIALS, {
      channel: 'lobby',
      uid: 1,
      role: 'publisher',
      expiresIn: 60,
    });
    expect((await h.post('/v1/tokens/inspect', { token }, {}, id)).status).toBe(200);
    await h.post('/v1/tokens/rtc', { channel: 'payroll', uid: 1 }, {}, id);
    await h.post('/v1/tokens/rtc', { channel: 'lobby', uid: 1 });
    const figures = logs
      .entries()
      .filter((e) => e['message'] === 'request')
      .map((e) => logFigures(e).filter((f) => f.kind !== 'request'));
    expect(figures).toEqual([
      [{ kind: 'token', product: 'rtc', app: 'default' }],
      [],
      [{ kind: 'denial', reason: 'channel_not_allowed' }],
      [{ kind: 'auth-failure' }],
    ]);
  });
});
