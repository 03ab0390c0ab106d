/** The chat commands; Dutch and English words both work. */
export type Command = 'start' | 'status' | 'help' | 'overview' | 'greeting';

// A Map, so typed words such as `constructor` or `__proto__` are unknown, not Object.prototype members.
const WORDS = new Map<string, Command>(
  Object.entries({
    start: 'start',
    begin: 'start',
    beginnen: 'start',
    verder: 'start',
    hervat: 'start',
    resume: 'start',
    continue: 'start',
    status: 'status',
    voortgang: 'status',
    help: 'help',
    hulp: 'help',
    '?': 'help',
    uitleg: 'help',
    overzicht: 'overview',
    overview: 'overview',
    hallo: 'greeting',
    hoi: 'greeting',
    hi: 'greeting',
    hello: 'greeting',
    hey: 'greeting',
    goedemorgen: 'greeting',
    goedemiddag: 'greeting',
    goedenavond: 'greeting',
  } satisfies Record<string, Command>),
);

/** Reads a command from message text, ignoring an @mention of the bot, case and punctuation. */
export function parseCommand(text: unknown): Command | undefined {
  // Teams sends text as a string; anything else is no command.
  if (typeof text !== 'string' || !text) return undefined;
  const cleaned = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .trim()
    .toLowerCase()
    .replace(/^[/!]+/, '')
    .replace(/[.!,]+$/, '')
    .trim();
  if (cleaned === '?') return 'help';
  return WORDS.get(cleaned);
}
