// The plain page of the browser test, served as it is: the built client from /client.js, a real
// AgoraRTC client (created offline, never joined) bound to it, the outcome left on window.result.
import { bindRtcClient, createTokenSource } from '/client.js';

const { baseUrl, apiKey } = window.tokenfnTest;
const AgoraRTC = window.AgoraRTC;
AgoraRTC.setLogLevel(4);

async function run() {
  const source = createTokenSource({ baseUrl, headers: { 'X-API-Key': apiKey }, margin: 2 });
  const ask = { channel: 'browser', uid: 42, expiresIn: 4 };
  const first = await source.rtc(ask);
  const client = AgoraRTC.createClient({ mode: 'rtc', codec: 'vp8' });
  const errors = [];
  const stop = bindRtcClient(client, source, ask, {
    onError: (e) =>
      errors.push({ code: e.code, at: Date.now(), sdk: String(e.cause?.code ?? e.cause?.name) }),
  });
  const bound = {
    willExpire: client.getListeners('token-privilege-will-expire').length,
    didExpire: client.getListeners('token-privilege-did-expire').length,
  };
  // The timer set from `first` fires at its renewAt, about a second from now: a fresh token is fetched and
  // handed to the real client's renewToken, which refuses it (the client never joined).
  const deadline = Date.now() + 8000;
  while (errors.length === 0 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  const renewed = source.cached({ type: 'rtc', ...ask });
  stop();
  return {
    first: { token: first.token, validUntil: first.validUntil, uid: first.uid },
    renewed: renewed ? { token: renewed.token } : null,
    errors,
    bound,
    unbound: client.getListeners('token-privilege-will-expire').length,
  };
}

run().then(
  (r) => {
    window.result = r;
  },
  (e) => {
    window.result = { failed: String(e?.code ?? e) };
  },
);
