// Running agora-token (the reference package) so that its tokens can be compared byte for byte with
// ours: it reads the clock and Math.random itself, so both are pinned while it builds.
import { inflateSync } from 'node:zlib';
import { vi } from 'vitest';

/**
 * What `build` returns with agora-token's clock at `issueTs` (seconds) and its salt at `salt`
 * (agora-token draws it as `Math.floor(Math.random() * 99999999) + 1`).
 */
export function withPinnedClockAndSalt(issueTs: number, salt: number, build: () => string): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(issueTs * 1000);
  vi.spyOn(Math, 'random').mockReturnValue((salt - 0.5) / 99999999);
  try {
    return build();
  } finally {
    vi.restoreAllMocks();
    vi.useRealTimers();
  }
}

/** The signed payload of a 007 token, hex (agora-token deflates it, we store it: the bytes are the same). */
export function payloadHex(token: string): string {
  if (!token.startsWith('007')) throw new Error(`not a 007 token: ${token.slice(0, 3)}`);
  return inflateSync(Buffer.from(token.slice(3), 'base64')).toString('hex');
}
