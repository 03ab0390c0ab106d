/**
 * Characters that never belong in a name, a company or any other imported field: C0 and C1
 * control characters (Unicode category Cc, including tab and line breaks), the line and paragraph
 * separators U+2028 and U+2029 (line breaks to JavaScript and to JSON-in-HTML) and the bidirectional formatting characters
 * that can make text display in another order than it is stored ("Trojan Source"): U+061C,
 * U+200E, U+200F, U+202A–U+202E and U+2066–U+2069.
 */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Where the first unsafe character in `text` is, and which one it is (as `U+XXXX`). */
export interface UnsafeCharacter {
  /** 1-based position of the character in the text. */
  readonly position: number;
  readonly codePoint: string;
}

/** The first control or bidi-formatting character in `text`, or undefined when there is none. */
export function findUnsafeCharacter(text: string): UnsafeCharacter | undefined {
  const match = UNSAFE.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return {
    position: match.index + 1,
    codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
  };
}
