/** The flags of the commands that make a token for one user id (rtm, chat). */
export const USER_TOKEN_OPTIONS = {
  'user-id': { type: 'string' },
  'expires-in': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  app: { type: 'string' },
} as const;
