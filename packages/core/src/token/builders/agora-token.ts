import { Rtm2Permissions } from '../services/rtm2-permissions.js';
import { ApaasTokenBuilder, EducationTokenBuilder } from './apaas.js';
import { ChatTokenBuilder } from './chat.js';
import { ConvoAITokenBuilder, SttTokenBuilder } from './convoai-stt.js';
import { FpaTokenBuilder } from './fpa.js';
import { RtcRole } from './inputs.js';
import { RtcTokenBuilder } from './rtc.js';
import { RtmTokenBuilder } from './rtm.js';

/**
 * agora-token 2.0.6's module.exports, as one object. agora-token is CommonJS, and Node's ESM loader finds
 * only the first of its names (ApaasTokenBuilder), so ESM code has to import it as
 * `import agora from 'agora-token'` and read the builders off that object. '@tokenfn/core' exports this
 * object as its default, so that such code works with only the module name changed.
 */
export const agoraTokenExports = {
  ApaasTokenBuilder,
  ChatTokenBuilder,
  ConvoAITokenBuilder,
  EducationTokenBuilder,
  FpaTokenBuilder,
  RtcRole,
  RtcTokenBuilder,
  RtmTokenBuilder,
  Rtm2Permissions,
  SttTokenBuilder,
};
