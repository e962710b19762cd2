// An independent reader of AccessToken2 (007) tokens for the contract suite, on Web APIs only
// (atob, DecompressionStream, crypto.subtle), so the suite checks tokens without trusting the code under test.

export interface ReadToken {
  appId: string;
  issueTs: number;
  expire: number;
  salt: number;
  /**
   * service type -> privileges (id -> seconds) and trailer fields as text (APaaS's role in decimal); RTM 2's
   * permissions as resource type -> permission type -> names
   */
  services: {
    type: number;
    privileges: Record<number, number>;
    fields: string[];
    permissions?: Record<number, Record<number, string[]>>;
  }[];
  signatureValid: boolean;
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function hmac(key: Uint8Array, msg: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, msg as BufferSource));
}

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

class Reader {
  off = 0;
  constructor(readonly b: Uint8Array) {}
  u16(): number {
    const v = this.b[this.off]! | (this.b[this.off + 1]! << 8);
    this.off += 2;
    return v;
  }
  u32(): number {
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.off, 4).getUint32(0, true);
    this.off += 4;
    return v;
  }
  i16(): number {
    const v = this.u16();
    return v >= 0x8000 ? v - 0x10000 : v;
  }
  bytes(): Uint8Array {
    const n = this.u16();
    const v = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
  str(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

/** Decodes a 007 token and checks its signature with `appCertificate`. Throws on a malformed token. */
export async function readToken007(token: string, appCertificate: string): Promise<ReadToken> {
  if (!token.startsWith('007')) throw new Error('not a 007 token');
  const content = await inflate(base64ToBytes(token.slice(3)));
  const r = new Reader(content);
  const signature = r.bytes();
  const signingStart = r.off;
  const appId = r.str();
  const issueTs = r.u32();
  const expire = r.u32();
  const salt = r.u32();
  const count = r.u16();
  const services: ReadToken['services'] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u16();
    const privileges: Record<number, number> = {};
    const n = r.u16();
    for (let j = 0; j < n; j++) {
      const id = r.u16();
      privileges[id] = r.u32();
    }
    const fields: string[] = [];
    let permissions: Record<number, Record<number, string[]>> | undefined;
    if (type === 1) fields.push(r.str(), r.str());
    else if (type === 2 || type === 5) fields.push(r.str());
    else if (type === 7) fields.push(r.str(), r.str(), String(r.i16()));
    else if (type === 8) {
      fields.push(r.str());
      permissions = {};
      for (let a = r.u16(); a > 0; a--) {
        const resourceType = r.u16();
        const byPermission: Record<number, string[]> = {};
        for (let b = r.u16(); b > 0; b--) {
          const permissionType = r.u16();
          const names: string[] = [];
          for (let c = r.u16(); c > 0; c--) names.push(r.str());
          byPermission[permissionType] = names;
        }
        permissions[resourceType] = byPermission;
      }
    } else if (type !== 4 && type !== 9 && type !== 10) {
      throw new Error(`service type ${type} not expected in a contract token`);
    }
    services.push(permissions ? { type, privileges, fields, permissions } : { type, privileges, fields });
  }
  const signingInfo = content.subarray(signingStart);
  const k1 = await hmac(u32le(issueTs), new TextEncoder().encode(appCertificate));
  const k2 = await hmac(u32le(salt), k1);
  const expected = await hmac(k2, signingInfo);
  const signatureValid = expected.length === signature.length && expected.every((x, i) => x === signature[i]);
  return { appId, issueTs, expire, salt, services, signatureValid };
}
