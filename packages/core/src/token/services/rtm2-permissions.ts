import type { ByteWriter } from '../encoding/bytes.js';
import { TokenInputError } from '../errors.js';
import { validatePackableString } from '../validate.js';

/** Resource type -> permission type -> resource names. */
export type Rtm2PermissionDetails = Record<number, Record<number, string[]>>;

/** RTM2 resource-level permissions, shaped like agora-token's Rtm2Permissions. */
export class Rtm2Permissions {
  static readonly kMessageChannels = 0;
  static readonly kStreamChannels = 1;
  static readonly kGroupChannels = 2;
  static readonly kServerGroups = 3;
  static readonly kUsers = 4;
  static readonly kRead = 0;
  static readonly kWrite = 1;

  details: Rtm2PermissionDetails = {};

  /** Adds (or replaces) the resources of one resource type and permission type. */
  add(resourceType: number, permissionType: number, resources: Iterable<string>): this {
    checkU16(resourceType, 'resourceType');
    checkU16(permissionType, 'permissionType');
    const list = Array.from(resources, (r, i) => validatePackableString(r, `resources[${i}]`));
    const byPermission = this.details[resourceType] ?? {};
    byPermission[permissionType] = list;
    this.details[resourceType] = byPermission;
    return this;
  }
}

function checkU16(v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) {
    throw new TokenInputError('ERR_INVALID_ARGUMENT', field, `${field} must be an integer from 0 to 65535`);
  }
}

function sortedKeys(o: object): number[] {
  return Object.keys(o)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Packs the permissions block: u16 count of resource types, each with its permission types and names. */
export function packRtm2Permissions(w: ByteWriter, details: Rtm2PermissionDetails): void {
  const resourceTypes = sortedKeys(details);
  w.u16(resourceTypes.length);
  for (const rt of resourceTypes) {
    checkU16(rt, 'resourceType');
    const byPermission = details[rt]!;
    const permissionTypes = sortedKeys(byPermission);
    w.u16(rt).u16(permissionTypes.length);
    for (const pt of permissionTypes) {
      checkU16(pt, 'permissionType');
      const resources = byPermission[pt]!;
      w.u16(pt).u16(resources.length);
      for (const r of resources) w.str(validatePackableString(r, 'resource'));
    }
  }
}
