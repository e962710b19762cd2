// AccessToken2 (007): "007" + base64(zlib(string(signature) + signing_info)).
import { MAX_EXPIRE_SECONDS, MAX_TOKEN_LENGTH } from './constants.js';
import { base64Encode, base64EncodeFast } from './encoding/base64.js';
import { ByteWriter } from './encoding/bytes.js';
import { STORED_HEADER_BYTES, sealStoredZlib, zlibStored } from './encoding/zlib.js';
import { TokenInputError } from './errors.js';
import { nowSeconds, randomSalt } from './random.js';
import type { Service } from './services/service.js';
import { signInto } from './signing.js';
import type { BuildOptions } from './types.js';
import { validateAppCertificate, validateAppId, validateSeconds, validateUint32 } from './validate.js';

export const VERSION_007 = '007';

// zlib stored header (7) + signature length (2) + signature (32): signing_info is written after these.
const SIGNING_INFO_START = STORED_HEADER_BYTES + 2 + 32;

/**
 * A typed AccessToken2 builder: add services, then `build()`. Issue time and salt may be fixed through
 * `options` for reproducible tokens; they default to now and a cryptographically random salt.
 */
export class AccessToken2 {
  readonly appId: string;
  readonly appCertificate: string;
  readonly issueTs: number;
  readonly expire: number;
  readonly salt: number;
  readonly services: Service[] = [];

  /** `expire`: seconds after the issue time (0 to 86400). */
  constructor(appId: string, appCertificate: string, expire: number, options?: BuildOptions) {
    // agora-token's AccessToken2 takes (appId, appCertificate, issueTs, expire): called that way, with the
    // usual issue time 0 ("now"), this would silently build a token that expires at once.
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TokenInputError(
        'ERR_INVALID_ARGUMENT',
        'options',
        "options must be an object { issueTs?, salt? }: the parameters are (appId, appCertificate, expire, options), not agora-token's (appId, appCertificate, issueTs, expire)",
      );
    }
    this.appId = validateAppId(appId);
    this.appCertificate = validateAppCertificate(appCertificate);
    this.expire = validateSeconds(expire, 'expire', 0, MAX_EXPIRE_SECONDS);
    this.issueTs = options?.issueTs === undefined ? nowSeconds() : validateUint32(options.issueTs, 'issueTs');
    this.salt = options?.salt === undefined ? randomSalt() : validateUint32(options.salt, 'salt', 1);
  }

  /** Adds a service; several of the same type are kept in the order added. */
  addService(service: Service): this {
    this.services.push(service);
    return this;
  }

  /** The token string. Throws TokenInputError when no service was added. */
  build(): string {
    if (this.services.length === 0) {
      throw new TokenInputError('ERR_NO_SERVICES', 'services', 'an AccessToken2 needs at least one service');
    }
    return encodeAccessToken2(
      this.appId,
      this.appCertificate,
      this.issueTs,
      this.expire,
      this.salt,
      this.services,
    );
  }
}

/** Services sorted by type, stable (equal types keep their order), as every official builder packs them. */
function packingOrder(services: readonly Service[]): readonly Service[] {
  if (services.length < 2) return services;
  return services.slice().sort((a, b) => a.type - b.type);
}

/**
 * Encodes validated fields. The payload is written once, straight into its final place inside a
 * stored zlib stream, signed in place, and base64-encoded.
 */
export function encodeAccessToken2(
  appId: string,
  appCertificate: string,
  issueTs: number,
  expire: number,
  salt: number,
  services: readonly Service[],
): string {
  // One scratch writer is reused across calls (building is synchronous); a nested build, which only a
  // custom Service could trigger, gets its own.
  const w = scratchBusy || !scratch ? new ByteWriter(512, SIGNING_INFO_START) : scratch;
  if (w === scratch) w.pos = SIGNING_INFO_START;
  else if (!scratchBusy) scratch = w;
  scratchBusy = true;
  try {
    w.str(appId).u32(issueTs).u32(expire).u32(salt);
    const ordered = packingOrder(services);
    w.u16(ordered.length);
    for (const s of ordered) s.pack(w);
    return signAndSeal(w, appCertificate, issueTs, salt);
  } finally {
    if (w === scratch) scratchBusy = false;
  }
}

let scratch: ByteWriter | undefined;
let scratchBusy = false;

/** Signs the signing_info written after SIGNING_INFO_START, completes the zlib stream, base64-encodes. */
function signAndSeal(w: ByteWriter, appCertificate: string, issueTs: number, salt: number): string {
  const infoEnd = w.pos;
  w.reserve(4);
  const buf = w.buf;
  buf[STORED_HEADER_BYTES] = 32;
  buf[STORED_HEADER_BYTES + 1] = 0;
  signInto(appCertificate, issueTs, salt, buf, SIGNING_INFO_START, infoEnd, buf, STORED_HEADER_BYTES + 2);
  const payloadLength = infoEnd - STORED_HEADER_BYTES;
  // What decodeToken (and every parser with a size limit) would refuse is not built.
  if (3 + Math.ceil((payloadLength + 11) / 3) * 4 > MAX_TOKEN_LENGTH) {
    throw new TokenInputError(
      'ERR_TOKEN_TOO_LARGE',
      'services',
      `the token would be longer than ${MAX_TOKEN_LENGTH} characters, which decoders refuse: grant fewer resources`,
    );
  }
  if (payloadLength <= 0xffff) {
    sealStoredZlib(buf, payloadLength);
    return VERSION_007 + base64EncodeFast(buf, 0, infoEnd + 4);
  }
  return VERSION_007 + base64Encode(zlibStored(buf.subarray(STORED_HEADER_BYTES, infoEnd)));
}
