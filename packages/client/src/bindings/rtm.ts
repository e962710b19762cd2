// agora-rtm 2.x: tokenPrivilegeWillExpire -> renewToken, for the login token ('' channel) and for each
// stream channel (renewToken(token, { channelName })), at most two renewals a second.
import type { IssuedToken, RtcAsk, RtmAsk, TokenSource } from '../source.js';
import { type BindingOptions, renewal, renewFailed } from './renewal.js';
import { pinned } from './rtc.js';

/** What the binding uses of an `RTMClient`. */
export interface RtmClientLike {
  addEventListener(eventName: 'tokenPrivilegeWillExpire', listener: (channelName: string) => void): void;
  removeEventListener(eventName: 'tokenPrivilegeWillExpire', listener: (channelName: string) => void): void;
  renewToken(token: string, options?: { channelName?: string }): Promise<unknown>;
}

export interface RtmBindingOptions extends BindingOptions {
  /** the RTC ask of a stream channel's token; default `{ channel, account: userId }` */
  streamChannel?: (channelName: string) => RtcAsk;
}

/** RTM refuses more than two renewToken calls a second. */
const RENEWALS_PER_SECOND = 2;

/**
 * Keeps a logged-in RTM 2.x client's tokens fresh: the login token, and the token of every stream
 * channel the SDK says is about to expire.
 *
 * @example
 * const t = await source.rtm({ userId: 'alice' });
 * const rtm = new AgoraRTM.RTM(t.appId, 'alice');
 * await rtm.login({ token: t.token });
 * const stop = bindRtmClient(rtm, source, { userId: 'alice' });
 */
export function bindRtmClient(
  client: RtmClientLike,
  source: TokenSource,
  ask: RtmAsk & { userId: string },
  options: RtmBindingOptions = {},
): () => void {
  const a = pinned(ask);
  const streamAsk = options.streamChannel ?? ((channel) => ({ channel, account: a.userId }));
  const slots = new Map<string, { run(): Promise<void>; stop(): void }>();
  let recent: number[] = [];
  let queue = Promise.resolve();
  let unbound = false;
  let wake = () => {};

  /** Waits for a free place among the last second's renewals, in call order (no wait once unbound). */
  const turn = () =>
    (queue = queue.then(async () => {
      const now = source.now();
      recent = recent.filter((t) => now - t < 1000);
      if (recent.length >= RENEWALS_PER_SECOND && !unbound) {
        await new Promise<void>((ok) => {
          const t = setTimeout(ok, recent[0]! + 1000 - now);
          wake = () => {
            clearTimeout(t);
            ok();
          };
        });
      }
      recent.push(source.now());
    }));

  const slot = (channelName: string) => {
    let r = slots.get(channelName);
    if (!r) {
      const rtc = channelName !== '' && pinned(streamAsk(channelName));
      const fetchFresh = (signal: AbortSignal): Promise<IssuedToken> =>
        rtc ? source.rtc(rtc, { fresh: true, signal }) : source.rtm(a, { fresh: true, signal });
      const renew = async (t: IssuedToken) => {
        await turn();
        if (unbound) return; // unbound while waiting for its turn
        await client
          .renewToken(t.token, ...(rtc ? [{ channelName }] : []))
          .catch((e) => Promise.reject(renewFailed(e)));
      };
      const first = rtc ? undefined : source.cached({ ...a, type: 'rtm' });
      const created = renewal(source, fetchFresh, renew, options, first);
      r = { run: () => created.warned(renew), stop: created.stop };
      slots.set(channelName, r);
    }
    return r;
  };

  const willExpire = (channelName: string) => void slot(channelName || '').run();
  slot('');
  client.addEventListener('tokenPrivilegeWillExpire', willExpire);
  return () => {
    unbound = true;
    wake();
    for (const r of slots.values()) r.stop();
    client.removeEventListener('tokenPrivilegeWillExpire', willExpire);
  };
}
