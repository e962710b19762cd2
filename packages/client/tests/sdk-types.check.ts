// Type test, checked by `pnpm --filter @tokenfn/client run typecheck` (tsc): the bindings' structural
// client types accept the real SDK clients, from the SDKs' own type definitions (devDependencies), and
// still refuse an object that lacks what the binding calls; the source's methods take the v1 asks and
// refuse what the server refuses by shape. Nothing here runs.
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
  type TokenAsk,
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

export async function everyRouteHasItsMethod(): Promise<unknown[]> {
  const rtm2 = await source.rtm2({
    userId: 'alice',
    permissions: { messageChannels: { read: ['news'], write: ['lobby'] }, users: { read: ['bob'] } },
    app: 'prod',
  });
  const agent = await source.convoai({ channel: 'demo', uid: 1001 });
  const bot = await source.stt({ channel: 'demo', account: 'bot', role: 'subscriber', appId: 'x' });
  const room = await source.apaas({ kind: 'room-user', roomUuid: 'r', userUuid: 'u', role: 2 });
  const user = await source.apaas({ kind: 'user', userUuid: 'u' });
  const app = await source.apaas({ kind: 'app', app: 'prod' });
  const fpa = await source.fpa();
  const asks: TokenAsk[] = [
    { type: 'rtc', channel: 'demo', uid: 1, app: 'prod' },
    { type: 'rtm', userId: 'a', app: 'prod' },
    { type: 'chat', app: 'prod' },
    { type: 'rtm2', userId: 'a' },
    { type: 'convoai', channel: 'demo', uid: 1 },
    { type: 'stt', channel: 'demo', account: 'bot' },
    { type: 'apaas', kind: 'app' },
    { type: 'fpa', expiresIn: 600 },
  ];
  // the answers carry what the server returns, typed by the ask's kind for apaas
  const fields: [string, string[] | undefined, string, string, string, number, string, 'app', string][] = [
    [
      rtm2.userId,
      rtm2.permissions.messageChannels?.read,
      agent.rtmUserId,
      bot.channel,
      room.roomUuid,
      room.role,
      user.userUuid,
      app.kind,
      fpa.app,
    ],
  ];
  return [asks, fields];
}

export async function refusedShapes(): Promise<void> {
  // @ts-expect-error: an agent has exactly one of uid and account
  await source.convoai({ channel: 'demo', uid: 1, account: 'a' });
  // @ts-expect-error: an agent needs its uid or account
  await source.stt({ channel: 'demo' });
  // @ts-expect-error: a room-user token needs its room
  await source.apaas({ kind: 'room-user', userUuid: 'u' });
  // @ts-expect-error: an app token has no user
  await source.apaas({ kind: 'app', userUuid: 'u' });
  // @ts-expect-error: a user token has no role
  await source.apaas({ kind: 'user', userUuid: 'u', role: 1 });
  // @ts-expect-error: not a kind the server knows
  await source.apaas({ kind: 'room' });
  // @ts-expect-error: rtm2 permissions are read and write name lists
  await source.rtm2({ userId: 'a', permissions: { users: { read: 'bob' } } });
  // @ts-expect-error: inspect is not a token route of the source
  await source.get({ type: 'inspect', token: '007…' });
  const user = await source.apaas({ kind: 'user', userUuid: 'u' });
  // @ts-expect-error: a user token's answer has no room
  user.roomUuid;
}
