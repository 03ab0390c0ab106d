/**
 * Text typed by people (notes, remarks, werkzaamheden) and names from the student system: cleaned
 * before it is stored, and escaped before it is shown in an Adaptive Card, whose TextBlock and
 * FactSet texts are markdown in Teams.
 */

// C0 and C1 controls (newline and tab handled separately), the bidi marks, embeddings, overrides
// and isolates (which can make text read differently from what was stored), the Arabic letter mark
// and a byte-order mark. Line and paragraph separators count as line breaks.
function isUnsafe(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Removes control characters and bidirectional-override characters from text typed by a person.
 * In a `multiline` field, line breaks (as `\n`) and tabs stay; elsewhere each becomes a space.
 */
export function stripUnsafeCharacters(text: string, options: { multiline: boolean }): string {
  let lines = '';
  for (const char of text.replace(LINE_BREAK, '\n')) {
    if (!isUnsafe(char.codePointAt(0) ?? 0)) lines += char;
  }
  return options.multiline ? lines : lines.replace(/[\n\t]/g, ' ');
}

// Markdown that Teams acts on anywhere in a line: emphasis, code, strikethrough, links and images
// ([...](...) needs the brackets), HTML and autolinks (<...>), and the escape character itself.
const INLINE = /[\\`*_~[\]<>]/g;
// An `&` only matters where it would start a character reference such as `&#91;` or `&lt;`.
const ENTITY_START = /&(?=#?[0-9a-zA-Z]+;)/g;
// At the start of a line, only where markdown would act, so "2.3 kan wel" and "-5 graden" stay as
// they are: headings, quotes, list items ("- ", "+ ", "1. ", "1) "), setext underlines and
// thematic breaks ("===", "---").
const HEADING = /^(#{1,6})(?=\s|$)/;
const LIST_OR_RULE = /^([-+=])(?=[\s=+-]|$)/;
const ORDERED_LIST = /^(\d{1,9})([.)])(?=\s|$)/;

function escapeLine(line: string): string {
  // Leading spaces would turn a line into a code block; they carry no meaning in a card.
  const escaped = line.trimStart().replace(INLINE, '\\$&').replace(ENTITY_START, '\\&');
  return escaped.replace(HEADING, '\\$1').replace(LIST_OR_RULE, '\\$1').replace(ORDERED_LIST, '$1\\$2');
}

/**
 * Text as it was written, for a markdown text in an Adaptive Card (a TextBlock or a FactSet fact):
 * every character that markdown would act on is escaped, so `[Klik hier](https://…)` shows as
 * those characters and not as a link, and `**` shows as two asterisks. Unsafe characters are
 * removed here too, for text stored before they were stripped on input. Each line break is shown
 * as a line break (a single newline is a space in card markdown); blank lines collapse into one.
 * Not for input values, choice titles or button titles: those are shown as plain text.
 */
export function markdownText(text: string): string {
  return stripUnsafeCharacters(text, { multiline: true })
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => escapeLine(line).trimEnd())
    .filter((line) => line.length > 0)
    .join('\n\n');
}

/** {@link markdownText} for each text value of translation parameters, numbers as they are. */
export function markdownParams<P extends Record<string, string | number>>(params: P): P {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === 'string' ? markdownText(value) : value,
    ]),
  ) as P;
}
