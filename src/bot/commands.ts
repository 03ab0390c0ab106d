/** The chat commands; Dutch and English words both work. */
export type Command = 'start' | 'status' | 'help' | 'overview' | 'greeting';

const WORDS: Record<string, Command> = {
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
};

/** Reads a command from message text, ignoring an @mention of the bot, case and punctuation. */
export function parseCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const cleaned = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .trim()
    .toLowerCase()
    .replace(/^[/!]+/, '')
    .replace(/[.!,]+$/, '')
    .trim();
  if (cleaned === '?') return 'help';
  return WORDS[cleaned];
}
