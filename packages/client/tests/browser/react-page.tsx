// The React page of the browser test: useAgoraToken on a short token, every distinct token it renders
// recorded on window for the test to read.
import { createRoot } from 'react-dom/client';
import { createTokenSource, type RtcToken } from '../../src/index.js';
import { useAgoraToken } from '../../src/react.js';

interface PageConfig {
  baseUrl: string;
  apiKey: string;
}
const w = window as unknown as {
  tokenfnTest: PageConfig;
  seen: { token: string; at: number; validUntil: number }[];
};
w.seen = [];
const source = createTokenSource({
  baseUrl: w.tokenfnTest.baseUrl,
  headers: { 'X-API-Key': w.tokenfnTest.apiKey },
  margin: 2,
});

function App() {
  const { token, error, loading } = useAgoraToken<RtcToken>(source, {
    type: 'rtc',
    channel: 'react',
    uid: 7,
    expiresIn: 4,
  });
  if (token && !w.seen.some((s) => s.token === token.token)) {
    w.seen.push({ token: token.token, at: Date.now(), validUntil: token.validUntil });
  }
  if (error) return <p id="error">{error.code}</p>;
  return loading ? (
    <p id="loading">loading</p>
  ) : (
    <p id="token" data-uid={token?.uid} data-channel={token?.channel}>
      {token?.expiresAt}
    </p>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
