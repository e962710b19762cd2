// agora-chat: onTokenWillExpire and onTokenExpired -> renewToken, and a timer before expiry.
import type { ChatAsk, ChatToken, IssuedToken, TokenSource } from '../source.js';
import { type BindingOptions, renewal, renewFailed } from './renewal.js';
import { pinned } from './rtc.js';

/** What the binding uses of an agora-chat `Connection`. */
export interface ChatConnectionLike {
  addEventHandler(id: string, handler: { onTokenWillExpire?: () => void; onTokenExpired?: () => void }): void;
  removeEventHandler(id: string): void;
  renewToken(token: string): Promise<unknown>;
}

export interface ChatBindingOptions extends BindingOptions {
  /** the token expired: log in again with this one (default: renewToken with it) */
  onExpired?: (token: ChatToken) => unknown;
}

let handlers = 0;

/**
 * Keeps an agora-chat connection's token fresh.
 *
 * @example
 * const t = await source.chat({ userId: 'alice' });
 * await conn.open({ user: 'alice', accessToken: t.token });
 * const stop = bindChatConnection(conn, source, { userId: 'alice' });
 */
export function bindChatConnection(
  conn: ChatConnectionLike,
  source: TokenSource,
  ask: ChatAsk,
  options: ChatBindingOptions = {},
): () => void {
  const a = pinned(ask);
  const renew = async (t: IssuedToken) => {
    const result = await conn.renewToken(t.token).catch((e) => Promise.reject(renewFailed(e)));
    // the result may hold the token, which no error carries
    if ((result as { status?: boolean })?.status === false) throw renewFailed({ status: false });
  };
  const expired = (t: IssuedToken) => (options.onExpired ?? renew)(t as ChatToken);
  const r = renewal(
    source,
    (signal) => source.chat(a, { fresh: true, signal }),
    renew,
    options,
    source.cached({ ...a, type: 'chat' }),
  );
  const id = `tokenfn-renewal-${++handlers}`;
  conn.addEventHandler(id, {
    onTokenWillExpire: () => r.warned(renew),
    onTokenExpired: () => r.run(expired),
  });
  return () => {
    r.stop();
    conn.removeEventHandler(id);
  };
}
