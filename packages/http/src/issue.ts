// Issuing tokens for an identity: policy, defaults, credentials, then the token library.
// Shared by the v1 routes and the agora-token-service compatibility routes.
import type { AgoraCredentials, RtcPrivilegeExpiries, RtcRoleName } from '@tokenfn/core';
import {
  buildChatAppToken,
  buildChatUserToken,
  buildRtcToken,
  buildRtmToken,
  validateChannelName,
  validateRtmUserId,
  validateUserAccount,
} from '@tokenfn/core';
import type { AppConfig } from './config.js';
import type { CredentialSource } from './credentials.js';
import type { Identity } from './identity.js';
import { checkChannel, checkChatApp, checkPublish, resolveRtcUser, resolveUserId } from './policy.js';
import { problems } from './problem.js';

export interface IssueDeps {
  config: AppConfig;
  credentials: CredentialSource;
  clock: () => number;
  salt?: () => number;
}

export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true; // C0, DEL and C1 (NEL among them)
  }
  return false;
}

/** A UTF-16 surrogate without its pair: UTF-8 cannot encode it, so the token would carry U+FFFD instead. */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * User ids may be almost anything, but never control characters (NUL, newlines, escapes), and never a lone
 * surrogate: every lone surrogate would become the same U+FFFD in the token, so distinct ids would share it.
 */
function checkPrintable(value: string, field: string): void {
  if (hasControlCharacter(value)) {
    throw problems.invalidFields([{ path: field, message: 'must not contain control characters' }]);
  }
  if (hasLoneSurrogate(value)) {
    throw problems.invalidFields([
      { path: field, message: 'must be well-formed Unicode (a lone surrogate cannot be encoded)' },
    ]);
  }
}

export function resolveExpiresIn(asked: number | undefined, config: AppConfig, field = 'expiresIn'): number {
  if (asked === undefined) return config.defaultExpiresIn;
  if (asked > config.maxExpiresIn) {
    throw problems.invalidFields([
      { path: field, message: `must be at most ${config.maxExpiresIn} (MAX_EXPIRES_IN)` },
    ]);
  }
  return asked;
}

/**
 * The lifetime a token gets: the asked (or default) one, but never beyond the identity's own expiry
 * unless TOKEN_MAY_OUTLIVE_IDENTITY=true. A JWT with 2 minutes left gets a token for 2 minutes.
 */
export function lifetimeWithin(expiresIn: number, identity: Identity, deps: IssueDeps): number {
  if (deps.config.tokenMayOutliveIdentity || identity.expiresAt === undefined) return expiresIn;
  const remaining = Math.floor(identity.expiresAt - deps.clock() / 1000);
  return Math.max(1, Math.min(expiresIn, remaining));
}

async function signing(
  deps: IssueDeps,
): Promise<{ creds: AgoraCredentials; issueTs: number; salt?: number }> {
  const creds = await deps.credentials.get();
  const issueTs = Math.floor(deps.clock() / 1000);
  const out: { creds: AgoraCredentials; issueTs: number; salt?: number } = { creds, issueTs };
  if (deps.salt) out.salt = deps.salt();
  return out;
}

function buildOptions(s: { issueTs: number; salt?: number }): { issueTs: number; salt?: number } {
  return s.salt === undefined ? { issueTs: s.issueTs } : { issueTs: s.issueTs, salt: s.salt };
}

export interface RtcAsk {
  channel: string;
  uid?: number;
  account?: string;
  role?: RtcRoleName;
  expiresIn?: number;
  privileges?: RtcPrivilegeExpiries;
  rtm?: true | { userId: string };
}

export interface RtcIssued extends TokenTimes {
  token: string;
  appId: string;
  channel: string;
  uid?: number;
  account?: string;
  role: RtcRoleName;
  rtmUserId?: string;
}

export async function issueRtc(deps: IssueDeps, identity: Identity, ask: RtcAsk): Promise<RtcIssued> {
  const { config } = deps;
  if (ask.uid !== undefined && ask.account !== undefined) {
    throw problems.invalidFields([{ path: 'account', message: 'give either uid or account, not both' }]);
  }
  const channel = validateChannelName(ask.channel, 'channel');
  if (ask.account !== undefined) validateUserAccount(ask.account, 'account');
  const asked = resolveExpiresIn(ask.expiresIn, config);
  const expiresIn = lifetimeWithin(asked, identity, deps);
  const userAsked: { uid?: number; account?: string } = {};
  if (ask.uid !== undefined) userAsked.uid = ask.uid;
  if (ask.account !== undefined) userAsked.account = ask.account;
  const user = resolveRtcUser(identity, config.policy, userAsked);
  if (!user)
    throw problems.invalidFields([{ path: 'uid', message: 'uid (integer) or account (string) is required' }]);
  checkChannel(identity, config.policy, channel);
  const role: RtcRoleName = ask.role ?? 'subscriber';
  const p = ask.privileges;
  const publishes =
    role === 'publisher' ||
    (p !== undefined &&
      (p.publishAudio !== undefined || p.publishVideo !== undefined || p.publishData !== undefined));
  if (publishes) checkPublish(identity, config.policy, channel);
  if (p) {
    for (const [k, val] of Object.entries(p)) {
      if (typeof val === 'number' && val > asked) {
        throw problems.invalidFields([
          { path: `privileges.${k}`, message: `must not exceed expiresIn (${asked})` },
        ]);
      }
    }
  }

  let rtmUserId: string | undefined;
  if (ask.rtm === true) {
    rtmUserId = user.account ?? (user.uid ? String(user.uid) : undefined);
    if (rtmUserId === undefined) {
      throw problems.invalidFields([
        { path: 'rtm', message: 'rtm: true needs a non-zero uid or an account; or give {"userId": "..."}' },
      ]);
    }
  } else if (ask.rtm) {
    rtmUserId = resolveUserId(identity, config.policy, ask.rtm.userId, 'rtm.userId');
  }
  if (rtmUserId !== undefined) {
    const field = ask.rtm === true ? 'rtm' : 'rtm.userId';
    validateRtmUserId(rtmUserId, field);
    checkPrintable(rtmUserId, field);
  }

  const s = await signing(deps);
  const params: Parameters<typeof buildRtcToken>[1] = { channel, role, expiresIn };
  if (user.uid !== undefined) params.uid = user.uid;
  else params.account = user.account as string;
  if (p) params.privileges = expiresIn === asked ? p : capPrivileges(p, expiresIn);
  if (rtmUserId !== undefined) params.rtmUserId = rtmUserId;
  const token = buildRtcToken(s.creds, params, buildOptions(s));
  const out: RtcIssued = {
    token,
    appId: s.creds.appId,
    channel,
    role,
    issuedAt: s.issueTs,
    expiresAt: s.issueTs + expiresIn,
  };
  if (user.uid !== undefined) out.uid = user.uid;
  else out.account = user.account as string;
  if (rtmUserId !== undefined) out.rtmUserId = rtmUserId;
  return out;
}

/** Privilege lifetimes no longer than the token's own. */
function capPrivileges(p: RtcPrivilegeExpiries, max: number): RtcPrivilegeExpiries {
  const out: RtcPrivilegeExpiries = {};
  for (const [k, v] of Object.entries(p) as [keyof RtcPrivilegeExpiries, number | undefined][]) {
    if (v !== undefined) out[k] = Math.min(v, max);
  }
  return out;
}

export interface UserIssued extends TokenTimes {
  token: string;
  appId: string;
  userId?: string;
}

export async function issueRtm(
  deps: IssueDeps,
  identity: Identity,
  ask: { userId?: string; expiresIn?: number },
): Promise<UserIssued & { userId: string }> {
  const userId = resolveUserId(identity, deps.config.policy, ask.userId, 'userId');
  if (userId === undefined) throw problems.invalidFields([{ path: 'userId', message: 'is required' }]);
  validateRtmUserId(userId, 'userId');
  checkPrintable(userId, 'userId');
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const s = await signing(deps);
  const token = buildRtmToken(s.creds, { userId, expiresIn }, buildOptions(s));
  return { token, appId: s.creds.appId, userId, issuedAt: s.issueTs, expiresAt: s.issueTs + expiresIn };
}

/** Chat: a userId gives a user token; no userId asks for an app token, which the policy must allow. */
export async function issueChat(
  deps: IssueDeps,
  identity: Identity,
  ask: { userId?: string; expiresIn?: number },
): Promise<UserIssued> {
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  if (ask.userId === undefined) {
    checkChatApp(identity, deps.config.policy);
    const s = await signing(deps);
    const token = buildChatAppToken(s.creds, { expiresIn }, buildOptions(s));
    return { token, appId: s.creds.appId, issuedAt: s.issueTs, expiresAt: s.issueTs + expiresIn };
  }
  const userId = resolveUserId(identity, deps.config.policy, ask.userId, 'userId') as string;
  validateRtmUserId(userId, 'userId');
  checkPrintable(userId, 'userId');
  const s = await signing(deps);
  const token = buildChatUserToken(s.creds, { userId, expiresIn }, buildOptions(s));
  return { token, appId: s.creds.appId, userId, issuedAt: s.issueTs, expiresAt: s.issueTs + expiresIn };
}
