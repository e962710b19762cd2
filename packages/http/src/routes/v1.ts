// Version 1 of the contract: POST /v1/tokens/rtc|rtm|chat|rtm2|convoai|stt|apaas|fpa|inspect.
import type * as v from 'valibot';
import { chooseApp } from '../apps.js';
import { parseWith, readJsonObject } from '../body.js';
import type { IssueDeps, RtcAsk } from '../issue.js';
import { issueChat, issueRtc, issueRtm } from '../issue.js';
import { issueAgent, issueApaas, issueFpa, issueRtm2 } from '../issue-products.js';
import { tokenResponse } from '../respond.js';
import type { HandlerContext, Router } from '../router.js';
import {
  apaasRequestSchema,
  chatRequestSchema,
  convoaiRequestSchema,
  fpaRequestSchema,
  inspectRequestSchema,
  rtcRequestSchema,
  rtm2RequestSchema,
  rtmRequestSchema,
  sttRequestSchema,
} from '../schemas.js';
import { inspectPick, inspectToken } from './inspect.js';

/** Copies the fields that are set (the asks take no `undefined` members); a loop, once per request. */
function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) if (value !== undefined) out[key] = value;
  return out as never;
}

export function registerV1Routes(router: Router, deps: IssueDeps): void {
  const max = deps.config.maxBodyBytes;
  const body = <S extends v.GenericSchema>(schema: S, ctx: HandlerContext) =>
    defined(parseWith(schema, readJsonObject(ctx.request, max)) as object) as v.InferOutput<S>;
  /** The answer, with the app it was signed by in the log line. */
  const answer = (ctx: HandlerContext, issued: { app: string }) => {
    ctx.log.app = issued.app;
    return tokenResponse(issued);
  };

  router.handle('rtcToken', async (ctx) => {
    const ask: RtcAsk = body(rtcRequestSchema, ctx);
    ctx.log.tokenType = 'rtc';
    ctx.log.channel = ask.channel;
    return answer(ctx, await issueRtc(deps, ctx.identity, ask));
  });

  router.handle('rtmToken', async (ctx) => {
    const ask = body(rtmRequestSchema, ctx);
    ctx.log.tokenType = 'rtm';
    return answer(ctx, await issueRtm(deps, ctx.identity, ask));
  });

  router.handle('chatToken', async (ctx) => {
    const ask = body(chatRequestSchema, ctx);
    ctx.log.tokenType = ask.userId === undefined ? 'chat-app' : 'chat-user';
    return answer(ctx, await issueChat(deps, ctx.identity, ask));
  });

  router.handle('rtm2Token', async (ctx) => {
    const ask = body(rtm2RequestSchema, ctx);
    ctx.log.tokenType = 'rtm2';
    return answer(ctx, await issueRtm2(deps, ctx.identity, ask));
  });

  for (const [id, product, schema] of [
    ['convoaiToken', 'convoai', convoaiRequestSchema],
    ['sttToken', 'stt', sttRequestSchema],
  ] as const) {
    router.handle(id, async (ctx) => {
      const ask = body(schema, ctx);
      ctx.log.tokenType = product;
      ctx.log.channel = ask.channel;
      return answer(ctx, await issueAgent(deps, ctx.identity, product, ask));
    });
  }

  router.handle('apaasToken', async (ctx) => {
    const ask = body(apaasRequestSchema, ctx);
    ctx.log.tokenType = `apaas-${ask.kind}`;
    return answer(ctx, await issueApaas(deps, ctx.identity, ask));
  });

  router.handle('fpaToken', async (ctx) => {
    const ask = body(fpaRequestSchema, ctx);
    ctx.log.tokenType = 'fpa';
    return answer(ctx, await issueFpa(deps, ctx.identity, ask));
  });

  router.handle('inspectToken', async (ctx) => {
    // no tokenType: an inspection issues no token (its log line has the route)
    const ask = body(inspectRequestSchema, ctx);
    const loaded = await deps.credentials.get();
    // Without app or appId, the app the token names, when the identity may use it; else the default.
    const pick =
      ask.app !== undefined || ask.appId !== undefined
        ? ask
        : inspectPick(ask.token, loaded, ctx.identity, deps.config.policy);
    const chosen = chooseApp(loaded, pick, ctx.identity, deps.config.policy);
    ctx.log.app = chosen.name;
    return tokenResponse({
      ...inspectToken(ask, chosen.credentials, Math.floor(deps.clock() / 1000)),
      app: chosen.name,
    });
  });
}
