import { MAX_NOTE_LENGTH, MAX_TEXT_LENGTH } from '../domain/check-in';

// A refused answer is shown again so the person can shorten it rather than retype it. Only a
// tampered card sends more than a few times the limit, and the card that answers an invoke must
// stay far below Teams' size limit: what is shown again is cut at twice the limit.
const SHOWN_AGAIN = 2;
const MAX_LEVEL_LENGTH = 20;

function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const characters = Array.from(text);
  return characters.length > max ? characters.slice(0, max).join('') : text;
}

/** The part of a refused step answer a card shows again. */
export function refusedStepDraft(input: { level?: string; note?: string; text?: string }): {
  level?: string;
  note?: string;
  text?: string;
} {
  const level = cut(input.level, MAX_LEVEL_LENGTH);
  const note = cut(input.note, SHOWN_AGAIN * MAX_NOTE_LENGTH);
  const text = cut(input.text, SHOWN_AGAIN * MAX_TEXT_LENGTH);
  return {
    ...(level !== undefined ? { level } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

/** The levels and texts of a refused agreement a card shows again. */
export function refusedAgreementDraft(
  levels: Record<string, string | undefined>,
  texts: Record<string, string | undefined>,
): { levels: Record<string, string | undefined>; texts: Record<string, string | undefined> } {
  const each = (record: Record<string, string | undefined>, max: number) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, cut(value, max)]));
  return { levels: each(levels, MAX_LEVEL_LENGTH), texts: each(texts, SHOWN_AGAIN * MAX_TEXT_LENGTH) };
}
