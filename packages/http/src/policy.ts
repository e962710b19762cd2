// Policy: what an authenticated identity may ask for. Claim rules apply to identities that carry
// claims (AUTH_MODE jwt and gateway); api-key and none identities are trusted callers. A refusal is a
// PolicyDenial with a stable reason; the HTTP layer turns it into a 403 problem.
import { MAX_UID, parseDecimalU32 } from '@tokenfn/core';
import type { PolicyConfig } from './config.js';
import type { Identity } from './identity.js';
import type { Product } from './products.js';
import { DEFAULT_PRODUCTS } from './products.js';

/** Stable reasons of a 403. */
export type DenialReason =
  | 'uid_claim_missing'
  | 'uid_mismatch'
  | 'uid_claim_wildcard'
  | 'channels_claim_missing'
  | 'channel_not_allowed'
  | 'publish_not_allowed'
  | 'chat_app_not_allowed'
  | 'agent_not_allowed'
  | 'resource_not_allowed'
  | 'apaas_app_not_allowed'
  | 'product_not_allowed'
  | 'app_not_allowed'
  | 'claim_ambiguous';

/** Why the policy refuses a request: a stable reason and a sentence for the caller (no claim values). */
export class PolicyDenial extends Error {
  override readonly name = 'PolicyDenial';
  constructor(
    readonly reason: DenialReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function deny(reason: DenialReason, detail: string): never {
  throw new PolicyDenial(reason, detail);
}

/** A grant claim as read: the names or `*` patterns it lists, or `ambiguous` when they cannot be told apart. */
export type ClaimGrants = readonly string[] | 'ambiguous';

/**
 * The channel names or `*` patterns a claim grants, read so that a grant never comes out broader than the
 * identity provider issued it:
 * - a JSON array, or a string holding one (`'["vip *","lobby"]'`): its string items, exactly;
 * - a string with no space or comma, bare or in one pair of brackets (`'team-*'`, `'[team-*]'`, which is how
 *   API Gateway passes a one-item array): that one item;
 * - any other string is `ambiguous`: API Gateway flattens `["vip *"]` and `["vip", "*"]` both to
 *   `"[vip *]"`, and spaces and commas are legal in channel names, so no split is safe; it grants nothing.
 * Anything else grants nothing.
 *
 * @example
 * claimGrants(['vip *']);          // ['vip *']
 * claimGrants('["a b","c"]');      // ['a b', 'c']
 * claimGrants('[team-*]');         // ['team-*']
 * claimGrants('[vip *]');          // 'ambiguous'
 */
export function claimGrants(value: unknown): ClaimGrants {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  if (value.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
    } catch {
      // not JSON: API Gateway's flattened form, read below
    }
  }
  // Nothing is trimmed: a leading or trailing space may be part of the name that was issued.
  const inner = /^\[(.*)\]$/s.exec(value)?.[1] ?? value;
  if (inner === '') return [];
  return /[\s,]/.test(inner) ? 'ambiguous' : [inner];
}

/** A claim that means yes or no: `true`/`false`, also as the strings a gateway passes. */
export function claimBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function grantsMatch(grants: ClaimGrants, claim: string, channel: string): boolean {
  if (grants === 'ambiguous') {
    deny(
      'claim_ambiguous',
      `The "${claim}" claim lists several names in one string, which cannot be split safely; issue it as a ` +
        'JSON array (or a JSON-encoded string of one).',
    );
  }
  return grants.some((p) => globMatch(p, channel));
}

/**
 * `*` matches any run of characters (including none); everything else matches itself.
 * Linear-time two-pointer matching: no RegExp, so no pattern (they come from claims) can make a match
 * backtrack exponentially, and no character of a pattern or channel has a special meaning.
 */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1; // position in pattern of the last `*` seen
  let resume = 0; // position in value where that `*` currently stops
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = v;
    } else if (p < pattern.length && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (star !== -1) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The identity's bound user, from JWT_UID_CLAIM, if that rule applies. */
type Binding = { kind: 'none' } | { kind: 'bound'; value: string | number };

function binding(identity: Identity, policy: PolicyConfig): Binding {
  if (!policy.uidClaim || !identity.claims) return { kind: 'none' };
  const v = identity.claims[policy.uidClaim];
  if (typeof v === 'string' && v !== '') return { kind: 'bound', value: v };
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { kind: 'bound', value: v };
  return deny(
    'uid_claim_missing',
    `The identity has no usable "${policy.uidClaim}" claim to bind the user to.`,
  );
}

/**
 * RTC user: uid or account. When bound and the body names neither, the claim decides: a number, or a string
 * of decimal digits in 0..2^32-1, is a uid; any other string an account.
 */
export function resolveRtcUser(
  identity: Identity,
  policy: PolicyConfig,
  asked: { uid?: number; account?: string },
): { uid?: number; account?: string } | undefined {
  const b = binding(identity, policy);
  if (b.kind === 'none') return asked.uid === undefined && asked.account === undefined ? undefined : asked;
  const bound = String(b.value);
  if (asked.uid === undefined && asked.account === undefined) {
    // Gateways pass every claim as a string, so a canonical decimal string counts as a number.
    if (typeof b.value === 'number') return boundUid(b.value, policy);
    const uid = parseDecimalU32(b.value, { canonical: true });
    if (uid !== undefined) return boundUid(uid, policy);
    return { account: b.value };
  }
  const askedStr = asked.uid !== undefined ? String(asked.uid) : (asked.account as string);
  if (askedStr !== bound) {
    deny(
      'uid_mismatch',
      `The ${asked.uid !== undefined ? 'uid' : 'account'} must be the identity's own (claim "${policy.uidClaim}").`,
    );
  }
  if (asked.uid === 0) boundUid(0, policy);
  return asked;
}

/** uid 0 lets a token join as any uid: never the uid of an identity bound to one user. */
function boundUid(uid: number, policy: PolicyConfig): { uid: number } {
  if (uid > MAX_UID) {
    deny(
      'uid_claim_missing',
      `The identity's "${policy.uidClaim}" claim is a number no RTC uid can be (0 to ${MAX_UID}).`,
    );
  }
  if (uid === 0) {
    deny(
      'uid_claim_wildcard',
      `The identity's "${policy.uidClaim}" claim is 0, and uid 0 would let the token join as any user.`,
    );
  }
  return { uid };
}

/** RTM / chat user id: must equal the bound claim; defaults to it. */
export function resolveUserId(
  identity: Identity,
  policy: PolicyConfig,
  asked: string | undefined,
  field: string,
): string | undefined {
  const b = binding(identity, policy);
  if (b.kind === 'none') return asked;
  const bound = String(b.value);
  if (asked === undefined) return bound;
  if (asked !== bound)
    deny('uid_mismatch', `The ${field} must be the identity's own (claim "${policy.uidClaim}").`);
  return asked;
}

export function checkChannel(identity: Identity, policy: PolicyConfig, channel: string): void {
  if (!policy.channelsClaim || !identity.claims) return;
  const v = identity.claims[policy.channelsClaim];
  if (v === undefined || v === null) {
    deny(
      'channels_claim_missing',
      `The identity has no "${policy.channelsClaim}" claim listing its channels.`,
    );
  }
  if (!grantsMatch(claimGrants(v), policy.channelsClaim, channel)) {
    deny('channel_not_allowed', `The identity may not join this channel (claim "${policy.channelsClaim}").`);
  }
}

/** Publishing: JWT_PUBLISH_CLAIM `true` allows any channel; a list allows channels matching its names or globs. */
export function checkPublish(identity: Identity, policy: PolicyConfig, channel: string): void {
  if (!policy.publishClaim || !identity.claims) return;
  const v = identity.claims[policy.publishClaim];
  const yesNo = claimBoolean(v);
  if (yesNo === true) return;
  if (yesNo === undefined && grantsMatch(claimGrants(v), policy.publishClaim, channel)) return;
  deny(
    'publish_not_allowed',
    `The identity may not publish in this channel (claim "${policy.publishClaim}").`,
  );
}

/**
 * Chat app tokens act for the whole chat app: api-key and none identities may have them; jwt and
 * gateway identities only with CHAT_APP_CLAIM configured and that claim `true`.
 */
export function checkChatApp(identity: Identity, policy: PolicyConfig): void {
  if (identity.mode === 'api-key' || identity.mode === 'none') return;
  if (policy.chatAppClaim && identity.claims && claimBoolean(identity.claims[policy.chatAppClaim]) === true)
    return;
  deny(
    'chat_app_not_allowed',
    policy.chatAppClaim
      ? `Chat app tokens need the "${policy.chatAppClaim}" claim to be true.`
      : 'Chat app tokens are only issued to API-key callers (or with CHAT_APP_CLAIM configured).',
  );
}

/**
 * A ConvoAI or STT agent token is an RTC publisher token plus an RTM login for whatever uid or account it
 * names (the agent is not the caller, so JWT_UID_CLAIM cannot bind it): for a JWT/gateway identity that
 * is the power to act as any user of its channels. So, like chat app tokens: always for api-key and none
 * identities; for jwt and gateway ones only with AGENT_TOKEN_CLAIM configured and that claim `true`, on
 * top of the product grant.
 */
export function checkAgentToken(identity: Identity, policy: PolicyConfig): void {
  if (identity.mode === 'api-key' || identity.mode === 'none') return;
  if (
    policy.agentTokenClaim &&
    identity.claims &&
    claimBoolean(identity.claims[policy.agentTokenClaim]) === true
  )
    return;
  deny(
    'agent_not_allowed',
    policy.agentTokenClaim
      ? `Agent tokens need the "${policy.agentTokenClaim}" claim to be true.`
      : 'Agent tokens are only issued to API-key callers (or with AGENT_TOKEN_CLAIM configured).',
  );
}

/**
 * RTM2 server groups are the deployment's own, not a user's: a jwt/gateway identity gets no permission on
 * them (api-key and none callers are trusted servers).
 */
export function checkServerGroups(identity: Identity): void {
  if (identity.mode === 'api-key' || identity.mode === 'none') return;
  deny('resource_not_allowed', 'Permissions on RTM server groups are only issued to API-key callers.');
}

/** APaaS app tokens act for the whole Flexible Classroom app: only api-key and none identities get them. */
export function checkApaasApp(identity: Identity): void {
  if (identity.mode === 'api-key' || identity.mode === 'none') return;
  deny('apaas_app_not_allowed', 'APaaS app tokens are only issued to API-key callers.');
}

/**
 * The grant an identity carries for one kind of thing (products or apps): its API key's scope, else the
 * configured claim when the identity has it, else `undefined` (the defaults apply). A claim is read by
 * the claim grant rule (`claimGrants`); an ambiguous one grants nothing and is refused.
 */
function grantOf(
  identity: Identity,
  scoped: readonly string[] | undefined,
  claim: string | undefined,
): readonly string[] | undefined {
  if (scoped !== undefined) return scoped;
  if (!claim || !identity.claims) return undefined;
  const v = identity.claims[claim];
  if (v === undefined || v === null) return undefined;
  const grants = claimGrants(v);
  if (grants === 'ambiguous') {
    deny(
      'claim_ambiguous',
      `The "${claim}" claim lists several names in one string, which cannot be split safely; issue it as a ` +
        'JSON array (or a JSON-encoded string of one).',
    );
  }
  return grants;
}

/**
 * Whether the identity may get tokens for `product`: the products its API key's scope lists, or its
 * JWT_PRODUCTS_CLAIM (names or `*`), or, with neither, DEFAULT_PRODUCTS (rtc, rtm, chat). A grant lists
 * exactly what it grants: a scope or claim of `["convoai"]` does not also grant rtc.
 *
 * @example
 * productAllowed({ mode: 'api-key', rateLimitKey: 'k' }, {}, 'convoai'); // false
 */
export function productAllowed(identity: Identity, policy: PolicyConfig, product: Product): boolean {
  const granted = grantOf(identity, identity.scope?.products, policy.productsClaim);
  if (granted === undefined) return (policy.defaultProducts ?? DEFAULT_PRODUCTS).includes(product);
  return granted.some((p) => globMatch(p, product));
}

export function checkProduct(identity: Identity, policy: PolicyConfig, product: Product): void {
  if (productAllowed(identity, policy, product)) return;
  deny(
    'product_not_allowed',
    policy.productsClaim
      ? `The identity may not get ${product} tokens (claim "${policy.productsClaim}", or the API key's scope).`
      : `The identity may not get ${product} tokens (API_KEY_SCOPES, DEFAULT_PRODUCTS).`,
  );
}

/**
 * Whether the identity may use the app named `name`: the names or `*` globs its API key's scope lists, or
 * its JWT_APPS_CLAIM, or, with neither, only the deployment's default app (`defaultApp`).
 */
export function appAllowed(
  identity: Identity,
  policy: PolicyConfig,
  name: string,
  defaultApp: string | undefined,
): boolean {
  const granted = grantOf(identity, identity.scope?.apps, policy.appsClaim);
  if (granted === undefined) return defaultApp !== undefined && name === defaultApp;
  return granted.some((p) => globMatch(p, name));
}

/** True when the identity's app grant is `*` itself: it may use every app, so unknown ones may be named. */
export function anyAppAllowed(identity: Identity, policy: PolicyConfig): boolean {
  return grantOf(identity, identity.scope?.apps, policy.appsClaim)?.includes('*') === true;
}

export function checkApp(
  identity: Identity,
  policy: PolicyConfig,
  name: string,
  defaultApp: string | undefined,
): void {
  if (!appAllowed(identity, policy, name, defaultApp)) appNotAllowed(policy);
}

/** The 403 of an app the identity may not use. */
export function appNotAllowed(policy: PolicyConfig): never {
  deny(
    'app_not_allowed',
    policy.appsClaim
      ? `The identity may not use this app (claim "${policy.appsClaim}", or the API key's scope).`
      : "The identity may not use this app (only the default app, unless the API key's scope says more).",
  );
}
