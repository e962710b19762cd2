// @tokenfn/core/legacy: AccessToken (006), for projects still on agora-access-token 2.0.4.

export type { LegacyBuildOptions } from './token/legacy/access-token.js';
export { AccessToken, Privileges, validateExpiredTs } from './token/legacy/access-token.js';
// The default export is agora-access-token's module.exports, for ESM code that imports it as a default.
export {
  agoraAccessTokenExports as default,
  RtcRole,
  RtcTokenBuilder,
  RtmRole,
  RtmTokenBuilder,
} from './token/legacy/builders.js';
