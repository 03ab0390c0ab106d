/** A typed office command: `overzicht`, `exporteren`, `verwijderen <adres>`, `koppelen <adres>`. */
export type OfficeCommand =
  | { readonly kind: 'overview' }
  | { readonly kind: 'export' }
  | { readonly kind: 'erase' | 'rebind'; readonly email: string };

const WITH_ADDRESS = new Map<string, 'erase' | 'rebind'>([
  ['verwijderen', 'erase'],
  ['verwijder', 'erase'],
  ['erase', 'erase'],
  ['koppelen', 'rebind'],
  ['koppel', 'rebind'],
  ['rebind', 'rebind'],
]);

/** Reads an office command from message text; undefined for anything else. */
export function parseOfficeCommand(text: unknown): OfficeCommand | undefined {
  if (typeof text !== 'string' || text.length > 400) return undefined;
  const words = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    // Teams turns a typed address into a mailto link.
    .replace(/<a [^>]*href="mailto:([^"]+)"[^>]*>[^<]*<\/a>/gi, '$1')
    .trim()
    .replace(/^[/!]+/, '')
    .split(/\s+/);
  const word = words[0]?.toLowerCase().replace(/[.!,]+$/, '');
  if (!word) return undefined;
  if (words.length === 1 && (word === 'overzicht' || word === 'overview')) return { kind: 'overview' };
  if (words.length === 1 && (word === 'exporteren' || word === 'export')) return { kind: 'export' };
  const kind = WITH_ADDRESS.get(word);
  if (kind) return { kind, email: words.slice(1).join(' ') };
  return undefined;
}
