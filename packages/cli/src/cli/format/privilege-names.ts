/** Readable names of AccessToken2 privileges, by service type and privilege id (the ids of @tokenfn/core). */
const PRIVILEGES_007: Record<number, Record<number, string>> = {
  1: { 1: 'join channel', 2: 'publish audio', 3: 'publish video', 4: 'publish data' },
  2: { 1: 'login' },
  3: { 1: 'publish mix stream', 2: 'publish raw stream' },
  4: { 1: 'login' },
  5: { 1: 'user', 2: 'app' },
  6: { 1: 'publish', 2: 'play' },
  7: { 1: 'room user', 2: 'user', 3: 'app' },
  8: { 1: 'login' },
};

/** AccessToken (006) privileges: the RTC ones and RTM login. */
const PRIVILEGES_006: Record<number, string> = {
  1: 'join channel',
  2: 'publish audio',
  3: 'publish video',
  4: 'publish data',
  1000: 'rtm login',
};

export function privilegeName007(serviceType: number, privilege: number): string {
  return PRIVILEGES_007[serviceType]?.[privilege] ?? `privilege ${privilege}`;
}

export function privilegeName006(privilege: number): string {
  return PRIVILEGES_006[privilege] ?? `privilege ${privilege}`;
}

/** A privilege map from the decoder (a plain object keyed by id, or a Map) as sorted [id, value] pairs. */
export function privilegeEntries(privileges: unknown): Array<[number, number]> {
  const entries: Array<[unknown, unknown]> =
    privileges instanceof Map
      ? [...privileges.entries()]
      : privileges !== null && typeof privileges === 'object'
        ? Object.entries(privileges)
        : [];
  return entries
    .map(([id, value]): [number, number] => [Number(id), Number(value)])
    .sort((a, b) => a[0] - b[0]);
}
