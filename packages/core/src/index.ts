// @tokenfn/core: Agora AccessToken2 (007) building, decoding and verifying on any JavaScript runtime.
// Legacy 006 tokens: '@tokenfn/core/legacy'. The HTTP app: '@tokenfn/http'.
// Exports (kept in Biome's sorted order): the drop-in builders with agora-token 2.0.6's names
// (RtcTokenBuilder, RtcRole, …, from ./token/builders), the high-level builders (buildRtcToken, …), the
// low-level AccessToken2 and its services, decodeToken, verifyToken, the validators and the errors.
// The default export is agora-token's module.exports (its ten builder names), for ESM code that has to
// import agora-token as `import agora from 'agora-token'`.

export { sha256 } from '#crypto';
export type {
  DiagnoseOptions,
  Diagnosis,
  DiagnosisIntent,
  Finding,
  FindingCode,
  FindingSeverity,
} from './diagnose.js';
export { diagnoseToken, EXPIRES_SOON_SECONDS, isoDate, tokenExpiresAt } from './diagnose.js';
export { AccessToken2 } from './token/access-token2.js';
export { agoraTokenExports as default } from './token/builders/agora-token.js';
export { ApaasTokenBuilder, EducationTokenBuilder } from './token/builders/apaas.js';
export { ChatTokenBuilder } from './token/builders/chat.js';
export { ConvoAITokenBuilder, SttTokenBuilder } from './token/builders/convoai-stt.js';
export { FpaTokenBuilder } from './token/builders/fpa.js';
export { RtcRole } from './token/builders/inputs.js';
export type { RtcPrivilegeTokenArgs, RtcRtmArgs, RtcTokenArgs } from './token/builders/rtc.js';
export { RtcTokenBuilder } from './token/builders/rtc.js';
export { RtmTokenBuilder } from './token/builders/rtm.js';
export {
  DEMO_CREDENTIALS,
  INSPECT_MAX_INFLATED_BYTES,
  MAX_EXPIRE_SECONDS,
} from './token/constants.js';
// Byte helpers the library uses itself, for the packages built on it (one implementation each).
export { constantTimeEqual } from './token/crypto/constant-time.js';
export type { DecodeOptions } from './token/decode.js';
export { decodeToken } from './token/decode.js';
export type {
  DecodedApaasService,
  DecodedChatService,
  DecodedConvoAIService,
  DecodedFcdnService,
  DecodedFpaService,
  DecodedRtcService,
  DecodedRtm2Service,
  DecodedRtmService,
  DecodedService,
  DecodedStreamingService,
  DecodedSttService,
  DecodedToken,
  DecodedToken006,
  DecodedToken007,
  DecodedUnknownService,
} from './token/decoded-types.js';
export { fromHex, toHex } from './token/encoding/hex.js';
export { MAX_INFLATED_BYTES } from './token/encoding/zlib.js';
export type { TokenFormatErrorCode } from './token/errors.js';
export { TokenFormatError, TokenfnError, TokenInputError } from './token/errors.js';
export type {
  AgentTokenParams,
  RtcPrivilegeExpiries,
  RtcRoleName,
  RtcTokenParams,
} from './token/high-level.js';
export {
  buildAgentToken,
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken,
  buildRtmToken,
} from './token/high-level.js';
export {
  ServiceApaas,
  ServiceChat,
  ServiceConvoAI,
  ServiceFcdn,
  ServiceFpa,
  ServiceRtc,
  ServiceRtm,
  ServiceRtm2,
  ServiceStreaming,
  ServiceStt,
} from './token/services/kinds.js';
export {
  privilegeName006,
  privilegeName007,
  serviceFieldName,
} from './token/services/privilege-names.js';
export type { Rtm2PermissionDetails } from './token/services/rtm2-permissions.js';
export { Rtm2Permissions } from './token/services/rtm2-permissions.js';
export { Service } from './token/services/service.js';
export type { ServiceName, ServiceTypeId } from './token/services/service-type.js';
export {
  ApaasPrivilege,
  ChatPrivilege,
  FcdnPrivilege,
  FpaPrivilege,
  RtcPrivilege,
  Rtm2Privilege,
  RtmPrivilege,
  SERVICE_NAMES,
  ServiceType,
  StreamingPrivilege,
} from './token/services/service-type.js';
export type { AgoraCredentials, BuildOptions, PrivilegeMap } from './token/types.js';
export {
  isHex32,
  MAX_UID,
  parseDecimalU32,
  validateAppCertificate,
  validateAppId,
  validateChannelName,
  validateExpiresIn,
  validateRtmUserId,
  validateUid,
  validateUserAccount,
} from './token/validate.js';
export type { VerifyContext006 } from './token/verify.js';
export { verifyToken } from './token/verify.js';
