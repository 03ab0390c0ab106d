/** Every card action's verb. Templates and builders use these; the router maps each to a handler. */
export const Verb = {
  start: 'start',
  status: 'status',
  help: 'help',
} as const;

export type VerbName = (typeof Verb)[keyof typeof Verb];
