// Reference Worker for the benchmark: the same request and response as tokenfn's
// `POST /v1/tokens/rtc`, written the usual way with the `agora-token` package on `nodejs_compat`.
import { RtcRole, RtcTokenBuilder } from 'agora-token';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/v1/tokens/rtc') {
      return new Response('not found', { status: 404 });
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return Response.json({ error: 'malformed JSON' }, { status: 400 });
    }
    const { channel, uid, role = 'subscriber', expiresIn = 3600 } = body ?? {};
    if (typeof channel !== 'string' || !Number.isInteger(uid) || !Number.isInteger(expiresIn)) {
      return Response.json({ error: 'invalid input' }, { status: 400 });
    }
    const issuedAt = Math.floor(Date.now() / 1000);
    const token = RtcTokenBuilder.buildTokenWithUid(
      env.AGORA_APP_ID,
      env.AGORA_APP_CERTIFICATE,
      channel,
      uid,
      role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
      expiresIn,
      expiresIn,
    );
    return Response.json(
      { token, appId: env.AGORA_APP_ID, channel, uid, role, issuedAt, expiresAt: issuedAt + expiresIn },
      { headers: { 'cache-control': 'no-store' } },
    );
  },
};
