// COMPAT_ROUTES=agora-token-service: the paths and answer shapes of AgoraIO-Community/agora-token-service,
// served by the same issuing code, behind the same auth and policy. Errors use the one problem model.
import { MAX_UID, parseDecimalU32, type RtcRoleName } from '@tokenfn/core';
import { parseWith, readJsonObject } from '../body.js';
import type { AppConfig } from '../config.js';
import type { IssueDeps, RtcAsk } from '../issue.js';
import { issueChat, issueRtc, issueRtm, resolveExpiresIn } from '../issue.js';
import { problems } from '../problem.js';
import { jsonResponse } from '../respond.js';
import type { Router } from '../router.js';
import { compatGetTokenSchema } from '../schemas.js';

function invalid(path: string, message: string): never {
  throw problems.invalidFields([{ path, message }]);
}

/** `?expiry=` seconds, at most MAX_EXPIRES_IN (refused under its own name); absent means the default. */
function expiry(raw: string | undefined, config: AppConfig): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const seconds = parseDecimalU32(raw);
  if (seconds === undefined || seconds < 1)
    invalid('expiry', 'must be a whole number of seconds, at least 1');
  return resolveExpiresIn(seconds, config, 'expiry');
}

function role(raw: string | undefined, field: string): RtcRoleName {
  if (raw === undefined || raw === '' || raw === 'subscriber') return 'subscriber';
  if (raw === 'publisher') return 'publisher';
  return invalid(field, 'must be "publisher" or "subscriber"');
}

function decimalUid(raw: string, field: string): number {
  return parseDecimalU32(raw) ?? invalid(field, `must be an integer 0..${MAX_UID}`);
}

/** tokenType `uid` takes a numeric uid; `userAccount` (or `account`) a string account. */
function rtcUser(tokenType: string, rtcuid: string): { uid?: number; account?: string } {
  if (tokenType === 'uid') return { uid: decimalUid(rtcuid, 'rtcuid') };
  if (tokenType === 'userAccount' || tokenType === 'account') return { account: rtcuid };
  return invalid('tokenType', 'must be "uid" or "userAccount"');
}

export function registerCompatRoutes(router: Router, deps: IssueDeps): void {
  const max = deps.config.maxBodyBytes;

  router.handle('compatPing', () => jsonResponse({ message: 'pong' }));

  router.handle('compatRtc', async ({ params, query, identity, log }) => {
    log.tokenType = 'rtc';
    const ask: RtcAsk = {
      channel: params['channelName']!,
      role: role(params['role'], 'role'),
      ...rtcUser(params['tokenType']!, params['rtcuid']!),
    };
    const e = expiry(query('expiry'), deps.config);
    if (e !== undefined) ask.expiresIn = e;
    const t = await issueRtc(deps, identity, ask);
    log.channel = t.channel; // logged once validated: a path segment could carry anything
    log.app = t.app;
    return jsonResponse({ rtcToken: t.token });
  });

  router.handle('compatRtm', async ({ params, query, identity, log }) => {
    log.tokenType = 'rtm';
    const userId = params['rtmuid']!;
    if (userId === '0') invalid('rtmuid', 'must be a user id, not "0"');
    const e = expiry(query('expiry'), deps.config);
    const t = await issueRtm(deps, identity, e === undefined ? { userId } : { userId, expiresIn: e });
    log.app = t.app;
    return jsonResponse({ rtmToken: t.token });
  });

  const rte = async (
    params: Record<string, string>,
    raw: string | undefined,
    identity: Parameters<typeof issueRtc>[1],
    log: { tokenType?: string; channel?: string; app?: string },
  ) => {
    log.tokenType = 'rte';
    const rtcuid = params['rtcuid']!;
    const user = rtcUser(params['tokenType']!, rtcuid);
    // The RTM user defaults to the RTC user: a uid as the number it was read as ("007" is uid 7, and "00"
    // is uid 0, any uid, which is no RTM user), an account as it is.
    const rtmDefault = user.uid !== undefined ? (user.uid !== 0 ? String(user.uid) : undefined) : rtcuid;
    const rtmuid = params['rtmuid'] ?? rtmDefault;
    if (rtmuid === undefined || rtmuid === '' || rtmuid === '0') {
      invalid('rtmuid', 'an RTM user id is needed (give it, or a non-zero rtcuid)');
    }
    const ask: RtcAsk = {
      channel: params['channelName']!,
      role: role(params['role'], 'role'),
      ...user,
    };
    const e = expiry(raw, deps.config);
    if (e !== undefined) ask.expiresIn = e;
    const rtc = await issueRtc(deps, identity, ask);
    log.channel = rtc.channel;
    log.app = rtc.app;
    const rtm = await issueRtm(
      deps,
      identity,
      e === undefined ? { userId: rtmuid } : { userId: rtmuid, expiresIn: e },
    );
    return jsonResponse({ rtcToken: rtc.token, rtmToken: rtm.token });
  };
  router.handle('compatRte', ({ params, query, identity, log }) =>
    rte(params, query('expiry'), identity, log),
  );
  router.handle('compatRteWithRtm', ({ params, query, identity, log }) =>
    rte(params, query('expiry'), identity, log),
  );

  router.handle('compatChatApp', async ({ query, identity, log }) => {
    log.tokenType = 'chat-app';
    const e = expiry(query('expiry'), deps.config);
    const t = await issueChat(deps, identity, e === undefined ? {} : { expiresIn: e });
    log.app = t.app;
    return jsonResponse({ chatToken: t.token });
  });

  router.handle('compatChatAccount', async ({ params, query, identity, log }) => {
    log.tokenType = 'chat-user';
    const e = expiry(query('expiry'), deps.config);
    const userId = params['chatid']!;
    const t = await issueChat(deps, identity, e === undefined ? { userId } : { userId, expiresIn: e });
    log.app = t.app;
    return jsonResponse({ chatToken: t.token });
  });

  // POST /getToken answers `{"token": "…"}` as JSON, like the original.
  router.handle('compatGetToken', async ({ request, identity, log }) => {
    const body = parseWith(compatGetTokenSchema, readJsonObject(request, max));
    const expiresIn = body.expire ? resolveExpiresIn(body.expire, deps.config, 'expire') : undefined;
    const uid = body.uid ?? '';
    log.tokenType = body.tokenType;
    if (body.tokenType === 'rtc') {
      if (!body.channel) invalid('channel', 'is required');
      if (uid === '') invalid('uid', 'is required (a numeric uid or a user account)');
      // A decimal uid is a numeric uid; anything else is a user account (as the original decides).
      const n = parseDecimalU32(uid);
      const user = n !== undefined ? { uid: n } : { account: uid };
      const ask: RtcAsk = { channel: body.channel, role: role(body.role, 'role'), ...user };
      if (expiresIn !== undefined) ask.expiresIn = expiresIn;
      const t = await issueRtc(deps, identity, ask);
      log.channel = t.channel;
      log.app = t.app;
      return jsonResponse({ token: t.token });
    }
    if (body.tokenType === 'rtm') {
      if (uid === '') invalid('uid', 'is required');
      const t = await issueRtm(
        deps,
        identity,
        expiresIn === undefined ? { userId: uid } : { userId: uid, expiresIn },
      );
      log.app = t.app;
      return jsonResponse({ token: t.token });
    }
    const chatAsk: { userId?: string; expiresIn?: number } = {};
    if (uid !== '') chatAsk.userId = uid;
    if (expiresIn !== undefined) chatAsk.expiresIn = expiresIn;
    log.tokenType = uid === '' ? 'chat-app' : 'chat-user';
    const t = await issueChat(deps, identity, chatAsk);
    log.app = t.app;
    return jsonResponse({ token: t.token });
  });
}
