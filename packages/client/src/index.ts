// @tokenfn/client: the token source, and the bindings that keep an Agora SDK session's token fresh.

export type { ChatBindingOptions, ChatConnectionLike } from './bindings/chat.js';
export { bindChatConnection } from './bindings/chat.js';
export type { RtcEngineLike } from './bindings/react-native.js';
export { bindRtcEngine } from './bindings/react-native.js';
export type { BindingOptions, Timer } from './bindings/renewal.js';
export type { RtcBindingOptions, RtcClientLike } from './bindings/rtc.js';
export { bindRtcClient } from './bindings/rtc.js';
export type { RtmBindingOptions, RtmClientLike } from './bindings/rtm.js';
export { bindRtmClient } from './bindings/rtm.js';
export type { ClientErrorCode, FieldError, TokenSourceErrorInit } from './errors.js';
export { TokenSourceError } from './errors.js';
export type {
  AgentAsk,
  AgentToken,
  AgentUser,
  ApaasAppAsk,
  ApaasAppToken,
  ApaasAsk,
  ApaasKind,
  ApaasRoomUserAsk,
  ApaasRoomUserToken,
  ApaasToken,
  ApaasUserAsk,
  ApaasUserToken,
  AppAsk,
  ChatAsk,
  ChatToken,
  FpaAsk,
  FpaToken,
  GetOptions,
  IssuedToken,
  RtcAsk,
  RtcRole,
  RtcToken,
  Rtm2Access,
  Rtm2Ask,
  Rtm2Permissions,
  Rtm2Token,
  RtmAsk,
  RtmToken,
  TokenAsk,
  TokenSource,
  TokenSourceOptions,
} from './source.js';
export { askKey, createTokenSource } from './source.js';
