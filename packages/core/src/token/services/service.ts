import type { ByteWriter } from '../encoding/bytes.js';
import { TokenInputError } from '../errors.js';
import type { PrivilegeMap } from '../types.js';
import { validatePackableString, validateUint32 } from '../validate.js';

/** One AccessToken2 service: its type, a privilege map, then type-specific fields. */
export abstract class Service {
  abstract readonly type: number;
  readonly privileges: PrivilegeMap = {};

  /** Sets privilege `privilege` (u16 id) to `expire` (u32: seconds after issue, 0 = as long as the token). */
  addPrivilege(privilege: number, expire: number): this {
    if (!Number.isInteger(privilege) || privilege < 0 || privilege > 0xffff) {
      throw new TokenInputError(
        'ERR_INVALID_ARGUMENT',
        'privilege',
        'privilege must be an integer from 0 to 65535',
      );
    }
    this.privileges[privilege] = validateUint32(expire, 'privilegeExpire');
    return this;
  }

  /** Writes type, privileges and fields. */
  pack(w: ByteWriter): void {
    w.u16(this.type);
    packPrivileges(w, this.privileges);
    this.packFields(w);
  }

  protected packFields(_w: ByteWriter): void {}
}

/** u16 count, then (u16 id, u32 value) in ascending id (integer keys enumerate in ascending order). */
export function packPrivileges(w: ByteWriter, privileges: PrivilegeMap): void {
  const ids = Object.keys(privileges);
  w.u16(ids.length);
  for (const id of ids) {
    const n = +id;
    w.u16(n).u32(privileges[n]!);
  }
}

/** A uid or account as packed: the number 0 (any uid) becomes "", other numbers their decimal form. */
export function uidString(uid: number | string, field: string): string {
  if (typeof uid === 'number') {
    validateUint32(uid, field);
    return uid === 0 ? '' : String(uid);
  }
  return validatePackableString(uid, field);
}
