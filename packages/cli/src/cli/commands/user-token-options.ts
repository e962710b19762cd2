/** The flags of the commands that make a token for one user id (rtm, chat). */
export const USER_TOKEN_OPTIONS = {
  'user-id': { type: 'string' },
  'expires-in': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  app: { type: 'string' },
} as const;

/** The flags of the commands that make a token for a channel and a uid or account (rtc, convoai, stt). */
export const CHANNEL_TOKEN_OPTIONS = {
  channel: { type: 'string' },
  uid: { type: 'string' },
  account: { type: 'string' },
  role: { type: 'string' },
  'expires-in': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  app: { type: 'string' },
} as const;
