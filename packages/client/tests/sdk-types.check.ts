// Type test, checked by `pnpm --filter @tokenfn/client run typecheck` (tsc): the bindings' structural
// client types accept the real SDK clients, from the SDKs' own type definitions (devDependencies), and
// still refuse an object that lacks what the binding calls. Nothing here runs.
import type { AgoraChat } from 'agora-chat';
import type { IAgoraRTCClient } from 'agora-rtc-sdk-ng';
import type { RTMClient } from 'agora-rtm';
import type { IRtcEngine } from 'react-native-agora';
import {
  bindChatConnection,
  bindRtcClient,
  bindRtcEngine,
  bindRtmClient,
  type ChatConnectionLike,
  type RtcClientLike,
  type RtcEngineLike,
  type RtmClientLike,
  type TokenSource,
} from '../src/index.js';
import { useRtcTokenRenewal } from '../src/react.js';

declare const source: TokenSource;

export function realClientsAreAccepted(
  web: IAgoraRTCClient,
  rtm: RTMClient,
  chat: AgoraChat.Connection,
  engine: IRtcEngine,
): (() => void)[] {
  const asWeb: RtcClientLike = web;
  const asRtm: RtmClientLike = rtm;
  const asChat: ChatConnectionLike = chat;
  const asEngine: RtcEngineLike = engine;
  return [
    bindRtcClient(
      web,
      source,
      { channel: 'demo', uid: 42 },
      { onExpired: (t) => web.join(t.appId, 'demo', t.token, 42) },
    ),
    bindRtmClient(rtm, source, { userId: 'alice' }),
    bindChatConnection(chat, source, { userId: 'alice' }),
    bindRtcEngine(engine, source, { channel: 'demo', account: 'alice' }),
    () => [asWeb, asRtm, asChat, asEngine],
  ];
}

export function incompleteClientsAreRefused(web: IAgoraRTCClient, engine: IRtcEngine): void {
  const { renewToken: _, ...noRenew } = web;
  // @ts-expect-error: a client without renewToken cannot be bound
  bindRtcClient(noRenew, source, { channel: 'demo', uid: 42 });
  // @ts-expect-error: the Web client is not a React Native engine (no registerEventHandler)
  bindRtcEngine(web, source, { channel: 'demo', uid: 42 });
  // @ts-expect-error: the React Native engine has no on/off events
  bindRtcClient(engine, source, { channel: 'demo', uid: 42 });
}

export function useRealWebClient(web: IAgoraRTCClient | null): void {
  useRtcTokenRenewal(web, source, { channel: 'demo', uid: 42 });
}
