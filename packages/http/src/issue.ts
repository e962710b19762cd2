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
import type { AppAsk } from './apps.js';
import { chooseApp } from './apps.js';
import type { AppConfig } from './config.js';
import type { CredentialSource } from './credentials.js';
import type { Identity } from './identity.js';
import {
  checkChannel,
  checkChatApp,
  checkProduct,
  checkPublish,
  resolveRtcUser,
  resolveUserId,
} from './policy.js';
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

/** What every issued token says about where it comes from: the app's name and App ID. */
export interface AppIssued extends TokenTimes {
  token: string;
  /** the name of the app that signed it (never its certificate) */
  app: string;
  appId: string;
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
export function checkPrintable(value: string, field: string): void {
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

export interface Signing {
  creds: AgoraCredentials;
  /** the chosen app's name */
  app: string;
  issueTs: number;
  salt?: number;
}

/**
 * Loads the credentials and chooses the app the request may use (see chooseApp); the token is signed
 * with that app's current certificate, never the previous one.
 */
export async function signing(deps: IssueDeps, identity: Identity, pick: AppAsk): Promise<Signing> {
  const loaded = await deps.credentials.get();
  const chosen = chooseApp(loaded, pick, identity, deps.config.policy);
  const creds = { appId: chosen.credentials.appId, appCertificate: chosen.credentials.appCertificate };
  const issueTs = Math.floor(deps.clock() / 1000);
  const out: Signing = { creds, app: chosen.name, issueTs };
  if (deps.salt) out.salt = deps.salt();
  return out;
}

export function buildOptions(s: { issueTs: number; salt?: number }): { issueTs: number; salt?: number } {
  return s.salt === undefined ? { issueTs: s.issueTs } : { issueTs: s.issueTs, salt: s.salt };
}

/** The fields every answer carries. */
export function issued(s: Signing, token: string, expiresIn: number): AppIssued {
  return { token, app: s.app, appId: s.creds.appId, issuedAt: s.issueTs, expiresAt: s.issueTs + expiresIn };
}

export interface RtcAsk extends AppAsk {
  channel: string;
  uid?: number;
  account?: string;
  role?: RtcRoleName;
  expiresIn?: number;
  privileges?: RtcPrivilegeExpiries;
  rtm?: true | { userId: string };
}

export interface RtcIssued extends AppIssued {
  channel: string;
  uid?: number;
  account?: string;
  role: RtcRoleName;
  rtmUserId?: string;
}

export async function issueRtc(deps: IssueDeps, identity: Identity, ask: RtcAsk): Promise<RtcIssued> {
  const { config } = deps;
  checkProduct(identity, config.policy, 'rtc');
  if (ask.rtm !== undefined) checkProduct(identity, config.policy, 'rtm');
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

  const s = await signing(deps, identity, ask);
  const params: Parameters<typeof buildRtcToken>[1] = { channel, role, expiresIn };
  if (user.uid !== undefined) params.uid = user.uid;
  else params.account = user.account as string;
  if (p) params.privileges = expiresIn === asked ? p : capPrivileges(p, expiresIn);
  if (rtmUserId !== undefined) params.rtmUserId = rtmUserId;
  const token = buildRtcToken(s.creds, params, buildOptions(s));
  const out: RtcIssued = { ...issued(s, token, expiresIn), channel, role };
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

export interface UserIssued extends AppIssued {
  userId?: string;
}

export async function issueRtm(
  deps: IssueDeps,
  identity: Identity,
  ask: { userId?: string; expiresIn?: number } & AppAsk,
): Promise<UserIssued & { userId: string }> {
  checkProduct(identity, deps.config.policy, 'rtm');
  const userId = resolveUserId(identity, deps.config.policy, ask.userId, 'userId');
  if (userId === undefined) throw problems.invalidFields([{ path: 'userId', message: 'is required' }]);
  validateRtmUserId(userId, 'userId');
  checkPrintable(userId, 'userId');
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const s = await signing(deps, identity, ask);
  const token = buildRtmToken(s.creds, { userId, expiresIn }, buildOptions(s));
  return { ...issued(s, token, expiresIn), userId };
}

/** Chat: a userId gives a user token; no userId asks for an app token, which the policy must allow. */
export async function issueChat(
  deps: IssueDeps,
  identity: Identity,
  ask: { userId?: string; expiresIn?: number } & AppAsk,
): Promise<UserIssued> {
  checkProduct(identity, deps.config.policy, 'chat');
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  if (ask.userId === undefined) {
    checkChatApp(identity, deps.config.policy);
    const s = await signing(deps, identity, ask);
    const token = buildChatAppToken(s.creds, { expiresIn }, buildOptions(s));
    return issued(s, token, expiresIn);
  }
  const userId = resolveUserId(identity, deps.config.policy, ask.userId, 'userId') as string;
  validateRtmUserId(userId, 'userId');
  checkPrintable(userId, 'userId');
  const s = await signing(deps, identity, ask);
  const token = buildChatUserToken(s.creds, { userId, expiresIn }, buildOptions(s));
  return { ...issued(s, token, expiresIn), userId };
}
