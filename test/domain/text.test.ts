import MarkdownIt from 'markdown-it';
import { markdownParams, markdownText, stripUnsafeCharacters } from '../../src/domain/text';

// The CommonMark renderer the Adaptive Cards SDK recommends for web hosts, with links found in
// plain text off: a bare address is not markdown syntax and Teams links it whatever we send.
const markdown = new MarkdownIt({ html: true, linkify: false });

/** What a person sees: the rendered HTML's text, and which markup it produced. */
function rendered(text: string): { text: string; markup: string[] } {
  const html = markdown.render(text);
  const markup = [...html.matchAll(/<([a-z][a-z0-9]*)/g)]
    .map((m) => m[1] as string)
    .filter((tag) => tag !== 'p');
  const visible = html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
  return { text: visible, markup };
}

describe('markdownText', () => {
  it.each([
    ['a link', '[Klik hier](https://evil.example)'],
    ['an image', '![x](https://evil.example/p.png)'],
    ['bold', '**vet** en __ook vet__'],
    ['italic', '_schuin_ en *schuin*'],
    ['code', '`rm -rf` en ```blok```'],
    ['strikethrough', '~~weg~~'],
    ['a heading', '# Kop'],
    ['a level-two heading', '## Kop'],
    ['a numbered list', '1. eerste'],
    ['a numbered list with a parenthesis', '2) tweede'],
    ['a bullet list', '- punt'],
    ['a plus list', '+ punt'],
    ['a star list', '* punt'],
    ['a quote', '> citaat'],
    ['HTML', '<b>vet</b> <script>alert(1)</script>'],
    ['an autolink', '<https://evil.example>'],
    ['a character reference', '&#91;x&#93;(https://evil.example) &lt;b&gt;'],
    ['a backslash', 'C:\\temp\\*niet vet*'],
    ['a thematic break', '---'],
    ['a level-six heading', '###### Kop'],
    ['a setext heading', 'Tekst\n='],
    ['a plus rule', '+++'],
    ['a reference link', '[x][1]\n\n[1]: https://evil.example'],
  ])('shows %s as the characters typed', (_, input) => {
    const shown = rendered(markdownText(input));
    expect(shown.markup).toEqual([]);
    expect(shown.text).toBe(input.replace(/\n+/g, '\n'));
  });

  it('keeps line breaks as line breaks, each line escaped on its own', () => {
    const input = 'Eerste regel\n1. lijst\n- punt\n\n\n# kop\nSetext\n===';
    const escaped = markdownText(input);
    expect(escaped.split('\n\n')).toHaveLength(6);
    const shown = rendered(escaped);
    expect(shown.markup).toEqual([]);
    expect(shown.text).toBe('Eerste regel\n1. lijst\n- punt\n# kop\nSetext\n===');
  });

  it('does not turn indented lines into code blocks', () => {
    const shown = rendered(markdownText('regel\n        ingesprongen'));
    expect(shown.markup).toEqual([]);
    expect(shown.text).toBe('regel\ningesprongen');
  });

  it('leaves ordinary text, names and company names alone', () => {
    for (const text of [
      'Sanne Jansen',
      'Smit & Zonen, ICT',
      'Voorbeeld ICT B.V.',
      "O'Brien-de Vries",
      '3 dagen',
      '2.3 kan wel',
      '-5 graden',
      '#team',
      'Versie 1.0 (2026)',
    ]) {
      expect(markdownText(text)).toBe(text);
    }
  });

  it('drops bidi overrides and control characters from text stored before they were stripped', () => {
    expect(markdownText('abc\u202Eevil\u0007')).toBe('abcevil');
  });
});

describe('markdownParams', () => {
  it('escapes text parameters and keeps numbers', () => {
    expect(markdownParams({ student: '**Sanne**', count: 3 })).toEqual({
      student: '\\*\\*Sanne\\*\\*',
      count: 3,
    });
  });
});

describe('stripUnsafeCharacters', () => {
  const bidi = [
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200E',
    '\u200F',
  ];

  it.each(bidi.map((c) => [c.codePointAt(0)?.toString(16).toUpperCase(), c]))(
    'removes the bidi control U+%s',
    (_, c) => {
      expect(stripUnsafeCharacters(`factuur${c}fdp.exe`, { multiline: true })).toBe('factuurfdp.exe');
    },
  );

  it('removes C0 and C1 controls but keeps newline and tab in a multi-line field', () => {
    const c0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const c1 = Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i)).join('');
    expect(stripUnsafeCharacters(`a${c0}b${c1}c`, { multiline: true })).toBe('a\t\n\nbc');
  });

  it('normalises line breaks to \\n', () => {
    expect(stripUnsafeCharacters('a\r\nb\rc\u2028d', { multiline: true })).toBe('a\nb\nc\nd');
  });

  it('turns newline and tab into spaces in a single-line field', () => {
    expect(stripUnsafeCharacters('Smit\t&\r\nZonen\u0000', { multiline: false })).toBe('Smit & Zonen');
  });

  it('leaves letters of every script, emoji and ordinary punctuation alone', () => {
    const text = 'Fatima El Amrani — فاطمة · Zoë · 👍 (€ 12,50) "ok"';
    expect(stripUnsafeCharacters(text, { multiline: false })).toBe(text);
  });
});
