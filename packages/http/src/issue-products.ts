// Issuing the tokens of Agora's other products: ConvoAI agents, speech-to-text bots, APaaS (Flexible
// Classroom), FPA, and RTM 2 with resource permissions. Each is gated by its product grant first, then the
// same claim rules as RTC and RTM, then signed with the chosen app's current certificate.

import type { RtcRoleName } from '@tokenfn/core';
import {
  AccessToken2,
  ApaasTokenBuilder,
  buildAgentToken,
  Rtm2Permissions,
  RtmTokenBuilder,
  ServiceFpa,
  validateChannelName,
  validateRtmUserId,
  validateUserAccount,
} from '@tokenfn/core';
import type { AppAsk } from './apps.js';
import type { Identity } from './identity.js';
import type { AppIssued, IssueDeps } from './issue.js';
import { buildOptions, checkPrintable, issued, lifetimeWithin, resolveExpiresIn, signing } from './issue.js';
import {
  checkAgentToken,
  checkApaasApp,
  checkChannel,
  checkProduct,
  checkPublish,
  checkServerGroups,
  resolveUserId,
} from './policy.js';
import { problems } from './problem.js';

export interface AgentAsk extends AppAsk {
  channel: string;
  uid?: number;
  account?: string;
  role?: RtcRoleName;
  expiresIn?: number;
}

export interface AgentIssued extends AppIssued {
  channel: string;
  uid?: number;
  account?: string;
  role: RtcRoleName;
  /** the RTM login the token carries: the uid (as decimal) or account, as the REST APIs expect */
  rtmUserId: string;
}

/**
 * The token a ConvoAI agent (or an STT bot) joins with: RTC for `channel` as the agent's uid or account,
 * RTM login for the same id, and the product's own service, all for the token's lifetime.
 *
 * The agent is not the caller, so JWT_UID_CLAIM does not bind its uid: a jwt/gateway identity needs
 * AGENT_TOKEN_CLAIM (policy's checkAgentToken) on top of the product grant; the channels claim applies, and
 * so does the publish claim for role publisher. uid 0 (any uid) is refused: the REST APIs join the agent with
 * the uid they are given, and the token's RTM login needs that same id.
 */
export async function issueAgent(
  deps: IssueDeps,
  identity: Identity,
  product: 'convoai' | 'stt',
  ask: AgentAsk,
): Promise<AgentIssued> {
  const { policy } = deps.config;
  checkProduct(identity, policy, product);
  checkAgentToken(identity, policy);
  if ((ask.uid === undefined) === (ask.account === undefined)) {
    throw problems.invalidFields([
      { path: 'uid', message: "give exactly one of uid (the agent's integer uid) and account" },
    ]);
  }
  if (ask.uid === 0) {
    throw problems.invalidFields([
      {
        path: 'uid',
        message: "must be the agent's own uid, not 0: the token's RTM login is for the same id",
      },
    ]);
  }
  const channel = validateChannelName(ask.channel, 'channel');
  if (ask.account !== undefined) validateUserAccount(ask.account, 'account');
  const role: RtcRoleName = ask.role ?? (product === 'convoai' ? 'publisher' : 'subscriber');
  checkChannel(identity, policy, channel);
  if (role === 'publisher') checkPublish(identity, policy, channel);
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const user: number | string = ask.uid ?? (ask.account as string);
  const rtmUserId = String(user);
  // The RTM login is for the account itself: its RTM rules (64 bytes, no leading space) are the account's.
  if (ask.account !== undefined) validateRtmUserId(rtmUserId, 'account');
  const s = await signing(deps, identity, ask);
  const who = ask.uid !== undefined ? { uid: ask.uid } : { account: ask.account as string };
  const token = buildAgentToken(s.creds, { product, channel, ...who, role, expiresIn }, buildOptions(s));

  const out: AgentIssued = { ...issued(s, token, expiresIn), channel, role, rtmUserId };
  if (ask.uid !== undefined) out.uid = ask.uid;
  else out.account = ask.account as string;
  return out;
}

export interface ApaasAsk extends AppAsk {
  kind: 'room-user' | 'user' | 'app';
  roomUuid?: string;
  userUuid?: string;
  role?: number;
  expiresIn?: number;
}

export interface ApaasIssued extends AppIssued {
  kind: ApaasAsk['kind'];
  roomUuid?: string;
  userUuid?: string;
  role?: number;
}

/**
 * APaaS (Flexible Classroom) tokens: a room user's (room, user, role; with RTM and Chat login for the
 * user, as the APaaS SDKs need), a user's, or the app's (API-key callers only). The user is bound by
 * JWT_UID_CLAIM like an RTM user, and a room by the channels claim like a channel.
 */
export async function issueApaas(deps: IssueDeps, identity: Identity, ask: ApaasAsk): Promise<ApaasIssued> {
  const { policy } = deps.config;
  checkProduct(identity, policy, 'apaas');
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const extra = (field: 'roomUuid' | 'userUuid' | 'role') => {
    if (ask[field] !== undefined) {
      throw problems.invalidFields([{ path: field, message: `is not used by a ${ask.kind} token` }]);
    }
  };
  if (ask.kind === 'app') {
    extra('roomUuid');
    extra('userUuid');
    extra('role');
    checkApaasApp(identity);
    const s = await signing(deps, identity, ask);
    const token = ApaasTokenBuilder.buildAppToken(
      s.creds.appId,
      s.creds.appCertificate,
      expiresIn,
      buildOptions(s),
    );
    return { ...issued(s, token, expiresIn), kind: 'app' };
  }
  const userUuid = resolveUserId(identity, policy, ask.userUuid, 'userUuid');
  if (userUuid === undefined) throw problems.invalidFields([{ path: 'userUuid', message: 'is required' }]);
  checkPrintable(userUuid, 'userUuid');
  if (ask.kind === 'user') {
    extra('roomUuid');
    extra('role');
    const s = await signing(deps, identity, ask);
    const token = ApaasTokenBuilder.buildUserToken(
      s.creds.appId,
      s.creds.appCertificate,
      userUuid,
      expiresIn,
      buildOptions(s),
    );
    return { ...issued(s, token, expiresIn), kind: 'user', userUuid };
  }
  if (ask.roomUuid === undefined)
    throw problems.invalidFields([{ path: 'roomUuid', message: 'is required' }]);
  checkPrintable(ask.roomUuid, 'roomUuid');
  // The room-user token logs the user in to RTM as well: the RTM user id rules apply to it.
  validateRtmUserId(userUuid, 'userUuid');
  checkChannel(identity, policy, ask.roomUuid);
  const role = ask.role ?? -1;
  const s = await signing(deps, identity, ask);
  const token = ApaasTokenBuilder.buildRoomUserToken(
    s.creds.appId,
    s.creds.appCertificate,
    ask.roomUuid,
    userUuid,
    role,
    expiresIn,
    buildOptions(s),
  );
  return { ...issued(s, token, expiresIn), kind: 'room-user', roomUuid: ask.roomUuid, userUuid, role };
}

/** FPA (Full-path Accelerator) login token; the login privilege lasts as long as the token. */
export async function issueFpa(
  deps: IssueDeps,
  identity: Identity,
  ask: { expiresIn?: number } & AppAsk,
): Promise<AppIssued> {
  checkProduct(identity, deps.config.policy, 'fpa');
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const s = await signing(deps, identity, ask);
  const t = new AccessToken2(s.creds.appId, s.creds.appCertificate, expiresIn, buildOptions(s));
  t.addService(new ServiceFpa().addPrivilege(ServiceFpa.kPrivilegeLogin, 0));
  return issued(s, t.build(), expiresIn);
}

type ReadWrite = { read?: string[]; write?: string[] };

export interface Rtm2Ask extends AppAsk {
  userId?: string;
  permissions?: {
    messageChannels?: ReadWrite;
    streamChannels?: ReadWrite;
    groupChannels?: ReadWrite;
    serverGroups?: ReadWrite;
    users?: ReadWrite;
  };
  expiresIn?: number;
}

const RESOURCE_TYPES = {
  messageChannels: Rtm2Permissions.kMessageChannels,
  streamChannels: Rtm2Permissions.kStreamChannels,
  groupChannels: Rtm2Permissions.kGroupChannels,
  serverGroups: Rtm2Permissions.kServerGroups,
  users: Rtm2Permissions.kUsers,
} as const;

/** Resource types whose names are channels: the channels claim must allow each one. */
const CHANNEL_RESOURCES = new Set(['messageChannels', 'streamChannels', 'groupChannels']);

export interface Rtm2Issued extends AppIssued {
  userId: string;
  permissions: NonNullable<Rtm2Ask['permissions']>;
}

/**
 * RTM 2 token (service 8) for `userId` with resource permissions. The user is bound like an RTM user; every
 * channel it is given (message, stream and group channels) must be one the channels claim allows.
 */
export async function issueRtm2(deps: IssueDeps, identity: Identity, ask: Rtm2Ask): Promise<Rtm2Issued> {
  const { policy } = deps.config;
  checkProduct(identity, policy, 'rtm2');
  const userId = resolveUserId(identity, policy, ask.userId, 'userId');
  if (userId === undefined) throw problems.invalidFields([{ path: 'userId', message: 'is required' }]);
  validateRtmUserId(userId, 'userId');
  checkPrintable(userId, 'userId');
  const permissions = new Rtm2Permissions();
  const given = ask.permissions ?? {};
  for (const [name, type] of Object.entries(RESOURCE_TYPES) as [keyof typeof RESOURCE_TYPES, number][]) {
    const rw = given[name];
    if (!rw) continue;
    for (const [access, kind] of [
      ['read', Rtm2Permissions.kRead],
      ['write', Rtm2Permissions.kWrite],
    ] as const) {
      const names = rw[access];
      if (names === undefined) continue;
      for (const [i, n] of names.entries()) checkPrintable(n, `permissions.${name}.${access}.${i}`);
      if (CHANNEL_RESOURCES.has(name)) for (const n of names) checkChannel(identity, policy, n);
      // an identity bound to a user id (JWT_UID_CLAIM) gets user permissions on itself only
      if (name === 'users') {
        for (const [i, n] of names.entries())
          resolveUserId(identity, policy, n, `permissions.users.${access}.${i}`);
      }
      if (name === 'serverGroups') checkServerGroups(identity);
      permissions.add(type, kind, names);
    }
  }
  const expiresIn = lifetimeWithin(resolveExpiresIn(ask.expiresIn, deps.config), identity, deps);
  const s = await signing(deps, identity, ask);
  const token = RtmTokenBuilder.buildTokenWithPermissions(
    s.creds.appId,
    s.creds.appCertificate,
    userId,
    permissions,
    expiresIn,
    buildOptions(s),
  );
  return { ...issued(s, token, expiresIn), userId, permissions: given };
}
