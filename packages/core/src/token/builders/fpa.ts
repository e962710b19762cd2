import { MAX_EXPIRE_SECONDS } from '../constants.js';
import { ServiceFpa } from '../services/kinds.js';
import type { BuildOptions } from '../types.js';
import { dropInToken } from './inputs.js';

/** Drop-in for agora-token 2.0.6's FpaTokenBuilder: a 24-hour token with the FPA login privilege. */
// biome-ignore lint/complexity/noStaticOnlyClass: the drop-in API is agora-token's static classes
export class FpaTokenBuilder {
  static buildToken(appId: string, appCertificate: string, options?: BuildOptions): string {
    return dropInToken(appId, appCertificate, MAX_EXPIRE_SECONDS, 'expire', options, () => [
      new ServiceFpa().addPrivilege(ServiceFpa.kPrivilegeLogin, 0),
    ]);
  }
}
