// The names themselves are the token library's (one list for every tool that shows a token).
export { privilegeName006, privilegeName007 } from '@tokenfn/core';

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
