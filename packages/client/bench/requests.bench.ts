// Requests the client sends, against the local server on loopback: 1000 cached rtc() asks, and one
// renewal hit by 50 will-expire events and 50 timers at once. Targets: 0 requests, and exactly 1.
import { CONTRACT_API_KEY, CONTRACT_ENV } from '@tokenfn/contract-tests';
import { silentLogger } from '@tokenfn/http';
import { startServer } from '@tokenfn/server';
import { bindRtcClient, createTokenSource } from '../src/index.js';

const server = await startServer({ env: CONTRACT_ENV, host: '127.0.0.1', port: 0, logger: silentLogger });
let requests = 0;
const source = createTokenSource({
  baseUrl: server.url,
  headers: { 'X-API-Key': CONTRACT_API_KEY },
  fetch: (input, init) => {
    requests++;
    return fetch(input, init);
  },
});
const ask = { channel: 'bench', uid: 42, role: 'publisher' as const };
await source.rtc(ask);

requests = 0;
const started = performance.now();
for (let i = 0; i < 1000; i++) await source.rtc({ ...ask });
const perAsk = ((performance.now() - started) * 1000) / 1000;
const cached = requests;

const listeners: (() => void)[] = [];
const timers: (() => void)[] = [];
let renewed = 0;
const client = {
  uid: 42,
  on: (_: string, l: () => void) => listeners.push(l),
  off: () => {},
  renewToken: async () => {
    renewed++;
  },
};
const stop = bindRtcClient(client, source, ask, {
  timer: (fn) => {
    timers.push(fn);
    return () => {};
  },
});
requests = 0;
for (let i = 0; i < 50; i++) {
  listeners[0]!();
  (timers[0] ?? (() => {}))();
}
await new Promise((ok) => setTimeout(ok, 300));
stop();
await server.close();

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
  `1000 cached rtc() asks: ${cached} requests, ${perAsk.toFixed(1)} µs per ask; target 0: ${verdict(cached === 0)}`,
);
console.log(
  `one renewal, 50 events + 50 timers at once: ${requests} request(s), ${renewed} renewToken call(s); target 1: ${verdict(requests === 1 && renewed === 1)}`,
);
