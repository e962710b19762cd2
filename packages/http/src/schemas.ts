// Request body schemas (valibot). The same schemas validate requests and generate /openapi.json.
import { MAX_UID } from '@tokenfn/core';
import * as v from 'valibot';

const U32_MAX = MAX_UID;
/** Agora's channel / account character set (length is checked by the token library in bytes). */
export const CHANNEL_CHARSET = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]*$/;

/** Passing a unix timestamp for "seconds from now" is the usual mistake with lifetimes: say so. */
const atMostADay = (issue: { input: unknown }) =>
  typeof issue.input === 'number' && issue.input > 1_000_000_000
    ? 'must be at most 86400: it is seconds from now, and this looks like a unix timestamp'
    : 'must be at most 86400';

const seconds = (what: string) =>
  v.pipe(
    v.number('must be a number of seconds'),
    v.integer('must be a whole number of seconds'),
    v.minValue(1, 'must be at least 1'),
    v.maxValue(86400, atMostADay),
    v.description(what),
  );

const privilegeSeconds = (what: string) =>
  v.optional(
    v.pipe(
      v.number('must be a number of seconds'),
      v.integer('must be a whole number of seconds'),
      v.minValue(0, 'must be at least 0'),
      v.maxValue(86400, 'must be at most 86400'),
      v.description(what),
    ),
  );

const channel = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(63, 'must be less than 64 bytes'),
  v.regex(
    CHANNEL_CHARSET,
    'may only contain a-z A-Z 0-9 space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,',
  ),
  v.description(
    'channel name: under 64 bytes of a-z A-Z 0-9 space ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,',
  ),
);

const userId = (what: string) =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(64, 'must be at most 64 bytes'),
    v.description(what),
  );

/** Which of the deployment's apps a request uses (every v1 token route takes them). */
const appFields = {
  app: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be an app name: 1 to 64 of A-Z a-z 0-9 _ . -'),
      v.description("the app (Agora project) to sign with, by name; default: the deployment's default app"),
    ),
  ),
  appId: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hexadecimal characters'),
      v.description("the app to sign with, by its App ID (with app: must be that app's)"),
    ),
  ),
};

const uidField = (what: string) =>
  v.optional(
    v.pipe(
      v.number('must be an integer (a JSON number, not a string)'),
      v.integer('must be an integer'),
      v.minValue(0, 'must be at least 0'),
      v.maxValue(U32_MAX, `must be at most ${U32_MAX}`),
      v.description(what),
    ),
  );

const accountField = (what: string) =>
  v.optional(
    v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(255, 'must be at most 255 bytes'),
      v.regex(CHANNEL_CHARSET, 'may only contain the channel-name characters'),
      v.description(what),
    ),
  );

const roleField = (what: string) =>
  v.optional(
    v.pipe(
      v.picklist(['publisher', 'subscriber'], 'must be "publisher" or "subscriber"'),
      v.description(what),
    ),
  );

export const rtcRequestSchema = v.strictObject(
  {
    channel,
    uid: v.optional(
      v.pipe(
        v.number('must be an integer (a JSON number, not a string)'),
        v.integer('must be an integer'),
        v.minValue(0, 'must be at least 0'),
        v.maxValue(U32_MAX, `must be at most ${U32_MAX}`),
        v.description('numeric user id, 0..2^32-1 (0 lets any uid join); exactly one of uid and account'),
      ),
    ),
    account: v.optional(
      v.pipe(
        v.string('must be a string'),
        v.minLength(1, 'must not be empty'),
        v.maxLength(255, 'must be at most 255 bytes'),
        v.regex(CHANNEL_CHARSET, 'may only contain the channel-name characters'),
        v.description('user account (string user id), 1..255 bytes; exactly one of uid and account'),
      ),
    ),
    role: v.optional(
      v.pipe(
        v.picklist(['publisher', 'subscriber'], 'must be "publisher" or "subscriber"'),
        v.description('publisher may publish audio, video and data; subscriber (default) may only join'),
      ),
    ),
    expiresIn: v.optional(
      seconds('token lifetime in seconds (default DEFAULT_EXPIRES_IN, at most MAX_EXPIRES_IN)'),
    ),
    privileges: v.optional(
      v.strictObject(
        {
          join: privilegeSeconds('seconds the join privilege lasts (0: as long as the token)'),
          publishAudio: privilegeSeconds('seconds the publish-audio privilege lasts'),
          publishVideo: privilegeSeconds('seconds the publish-video privilege lasts'),
          publishData: privilegeSeconds('seconds the publish-data privilege lasts'),
        },
        'must be an object with join, publishAudio, publishVideo, publishData',
      ),
    ),
    rtm: v.optional(
      v.union(
        [
          v.literal(true, 'must be true'),
          v.strictObject(
            { userId: userId('RTM user id for the RTM login added to the token') },
            'must be an object',
          ),
        ],
        'must be true or {"userId": "..."}',
      ),
    ),
    ...appFields,
  },
  'must be a JSON object',
);

export const rtmRequestSchema = v.strictObject(
  {
    userId: v.optional(userId('RTM user id, 1..64 bytes, not starting with a space')),
    expiresIn: v.optional(seconds('token lifetime in seconds')),
    ...appFields,
  },
  'must be a JSON object',
);

export const chatRequestSchema = v.strictObject(
  {
    userId: v.optional(userId('chat user id for a user token; omit for an app token')),
    expiresIn: v.optional(seconds('token lifetime in seconds')),
    ...appFields,
  },
  'must be a JSON object',
);

export const inspectRequestSchema = v.strictObject(
  {
    token: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(4096, 'must be at most 4096 characters'),
      v.description('an AccessToken2 (007) or AccessToken (006) token'),
    ),
    channel: v.optional(
      v.pipe(
        v.string('must be a string'),
        v.description('006 tokens only: the channel, to check the signature'),
      ),
    ),
    uid: v.optional(
      v.pipe(
        v.union([v.number(), v.string()], 'must be a number or a string'),
        v.description('006 tokens only: the uid or account, to check the signature'),
      ),
    ),
    ...appFields,
  },
  'must be a JSON object',
);

/** ConvoAI agents and speech-to-text bots: an RTC + RTM token for the agent's (or bot's) own uid or account. */
const agentSchema = (product: string, defaultRole: string) =>
  v.strictObject(
    {
      channel,
      uid: uidField(
        `the ${product}'s numeric uid, 1..2^32-1 (the REST API's uid for it); exactly one of uid and account`,
      ),
      account: accountField(`the ${product}'s user account; exactly one of uid and account`),
      role: roleField(`default ${defaultRole}`),
      expiresIn: v.optional(seconds('token lifetime in seconds')),
      ...appFields,
    },
    'must be a JSON object',
  );

export const convoaiRequestSchema = agentSchema('agent', 'publisher');
export const sttRequestSchema = agentSchema('bot', 'subscriber');

const uuid = (what: string) =>
  v.optional(
    v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(255, 'must be at most 255 characters'),
      v.description(what),
    ),
  );

export const apaasRequestSchema = v.strictObject(
  {
    kind: v.pipe(
      v.picklist(['room-user', 'user', 'app'], 'must be "room-user", "user" or "app"'),
      v.description('room-user: a user in one room; user: a user; app: the whole app (API-key callers only)'),
    ),
    roomUuid: uuid('room-user: the room'),
    userUuid: uuid('room-user and user: the user'),
    role: v.optional(
      v.pipe(
        v.number('must be an integer'),
        v.integer('must be an integer'),
        v.minValue(-32768, 'must be at least -32768'),
        v.maxValue(32767, 'must be at most 32767'),
        v.description(
          'room-user: the role in the room (Flexible Classroom: 1 teacher, 2 student, …); default -1',
        ),
      ),
    ),
    expiresIn: v.optional(seconds('token lifetime in seconds')),
    ...appFields,
  },
  'must be a JSON object',
);

export const fpaRequestSchema = v.strictObject(
  { expiresIn: v.optional(seconds('token lifetime in seconds')), ...appFields },
  'must be a JSON object',
);

const resourceNames = (what: string) =>
  v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string('must be a string'),
          v.minLength(1, 'must not be empty'),
          v.maxLength(255, 'must be at most 255 characters'),
        ),
        'must be an array of names',
      ),
      v.maxLength(64, 'must list at most 64 names'),
      v.description(what),
    ),
  );

const readWrite = (what: string) =>
  v.optional(
    v.strictObject(
      {
        read: resourceNames(`${what} the user may read`),
        write: resourceNames(`${what} the user may write`),
      },
      'must be an object with read and write',
    ),
  );

export const rtm2RequestSchema = v.strictObject(
  {
    userId: v.optional(userId('RTM user id, 1..64 bytes, not starting with a space')),
    permissions: v.optional(
      v.strictObject(
        {
          messageChannels: readWrite('message channels'),
          streamChannels: readWrite('stream channels'),
          groupChannels: readWrite('group channels'),
          serverGroups: readWrite('server groups'),
          users: readWrite('users'),
        },
        'must be an object with messageChannels, streamChannels, groupChannels, serverGroups, users',
      ),
    ),
    expiresIn: v.optional(seconds('token lifetime in seconds')),
    ...appFields,
  },
  'must be a JSON object',
);

/** Compatibility with agora-token-service's POST /getToken. */
export const compatGetTokenSchema = v.strictObject(
  {
    tokenType: v.picklist(['rtc', 'rtm', 'chat'], 'must be "rtc", "rtm" or "chat"'),
    channel: v.optional(v.string('must be a string')),
    role: v.optional(v.string('must be a string')),
    uid: v.optional(v.string('must be a string')),
    expire: v.optional(
      v.pipe(
        v.number('must be a number of seconds'),
        v.integer('must be a whole number of seconds'),
        v.minValue(0, 'must be at least 0'),
      ),
    ),
  },
  'must be a JSON object',
);

export type RtcRequest = v.InferOutput<typeof rtcRequestSchema>;
export type RtmRequest = v.InferOutput<typeof rtmRequestSchema>;
export type ChatRequest = v.InferOutput<typeof chatRequestSchema>;
export type InspectRequest = v.InferOutput<typeof inspectRequestSchema>;
export type AgentRequest = v.InferOutput<typeof convoaiRequestSchema>;
export type ApaasRequest = v.InferOutput<typeof apaasRequestSchema>;
export type FpaRequest = v.InferOutput<typeof fpaRequestSchema>;
export type Rtm2Request = v.InferOutput<typeof rtm2RequestSchema>;
export type CompatGetTokenRequest = v.InferOutput<typeof compatGetTokenSchema>;
