// Version 1 of the contract: POST /v1/tokens/rtc|rtm|chat|inspect.
import { parseWith, readJsonObject } from '../body.js';
import type { IssueDeps, RtcAsk } from '../issue.js';
import { issueChat, issueRtc, issueRtm } from '../issue.js';
import { tokenResponse } from '../respond.js';
import type { Router } from '../router.js';
import { chatRequestSchema, inspectRequestSchema, rtcRequestSchema, rtmRequestSchema } from '../schemas.js';
import { inspectToken } from './inspect.js';

export function registerV1Routes(router: Router, deps: IssueDeps): void {
  const max = deps.config.maxBodyBytes;

  router.handle('rtcToken', async ({ request, identity, log }) => {
    const body = parseWith(rtcRequestSchema, readJsonObject(request, max));
    log.tokenType = 'rtc';
    log.channel = body.channel;
    const ask: RtcAsk = { channel: body.channel };
    if (body.uid !== undefined) ask.uid = body.uid;
    if (body.account !== undefined) ask.account = body.account;
    if (body.role !== undefined) ask.role = body.role;
    if (body.expiresIn !== undefined) ask.expiresIn = body.expiresIn;
    if (body.privileges !== undefined) ask.privileges = body.privileges;
    if (body.rtm !== undefined) ask.rtm = body.rtm;
    return tokenResponse(await issueRtc(deps, identity, ask));
  });

  router.handle('rtmToken', async ({ request, identity, log }) => {
    const body = parseWith(rtmRequestSchema, readJsonObject(request, max));
    log.tokenType = 'rtm';
    return tokenResponse(await issueRtm(deps, identity, body));
  });

  router.handle('chatToken', async ({ request, identity, log }) => {
    const body = parseWith(chatRequestSchema, readJsonObject(request, max));
    log.tokenType = body.userId === undefined ? 'chat-app' : 'chat-user';
    return tokenResponse(await issueChat(deps, identity, body));
  });

  router.handle('inspectToken', async ({ request, log }) => {
    const body = parseWith(inspectRequestSchema, readJsonObject(request, max));
    log.tokenType = 'inspect';
    const creds = await deps.credentials.get();
    return tokenResponse(inspectToken(body, creds, Math.floor(deps.clock() / 1000)));
  });
}
