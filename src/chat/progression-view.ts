import type { AgreementChanges } from '../domain/agreement-version';
import type { CheckInRound, PartRole } from '../domain/check-in';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { ChangesSinceVersion } from '../services/agreement-versions';
import { type CheckInView, sentence, truncate } from './check-in-view';
import { shortLevel } from './rating-scale-view';

/**
 * How many characters of notes a list shows in all. People write a line or two, and then every
 * note is shown whole; only a list whose notes together pass this (17 werkprocessen with two long
 * notes each) shows each note's start, so the card stays under Teams' message size limit. The
 * whole notes are on the werkproces cards and the supervisor's summary.
 */
const NOTES_ON_A_LIST = 2000;
const NOTE_START = 40;

/** The most characters of one note a list of `round` shows: all of them, unless its notes are very long. */
export function noteLength(round: CheckInRound): number {
  const notes = (['student', 'trainer'] as const).flatMap((role) =>
    Object.values(round.parts[role].answers).flatMap((answer) => (answer?.note ? [answer.note.length] : [])),
  );
  const total = notes.reduce((sum, length) => sum + length, 0);
  if (total <= NOTES_ON_A_LIST) return Number.POSITIVE_INFINITY;
  return Math.max(NOTE_START, Math.floor(NOTES_ON_A_LIST / notes.length));
}

/** `Deelnemer: …` — who wrote a note, and the note (whole, or its first `max` characters), for a row in a list. */
export function noteLine(t: Translate, role: PartRole, note: string, max = Number.POSITIVE_INFINITY): string {
  return `${sentence(t(`role_${role}`))}: ${markdownText(truncate(note.replace(/\s+/g, ' '), max))}`;
}

/** `1.2: Bg → G` per changed level, then a line per kerntaak whose werkzaamheden changed. */
export function changeLines(t: Translate, changes: AgreementChanges): string[] {
  return [
    ...changes.levels.map(({ code, from, to }) =>
      t('changed_level', { code, from: shortLevel(from), to: shortLevel(to) }),
    ),
    ...changes.werkzaamheden.map((code) => t('changed_text', { kerntaak: code })),
  ];
}

/** The "Gewijzigd sinds versie N" block: what a version (or a revised list) changes. */
export function changesBlock(t: Translate, changes: ChangesSinceVersion): { title: string; lines: string[] } {
  const lines = changeLines(t, changes.changes);
  return {
    title: t('changes_title', { version: changes.sinceVersion }),
    lines: lines.length > 0 ? lines : [t('changes_none')],
  };
}

/**
 * For the agreement list: what a revised list changes since the version before, so the student sees
 * it too; nothing until something has changed.
 */
export function revisionBlock(view: CheckInView): { title: string; lines: string[] } | null {
  const revision = view.progression?.revision;
  if (!revision) return null;
  const { levels, werkzaamheden } = revision.changes;
  return levels.length + werkzaamheden.length > 0 ? changesBlock(view.t, revision) : null;
}

/**
 * The extra lines of one werkproces row in the agreement list: the level the previous round agreed
 * and the notes both parts wrote, on every card that shows the list (the settle card too). Only
 * when the round's notes are very long (see {@link noteLength}) does the settle card, which also
 * holds both parts' werkzaamheden, keep them to the rows to settle (`differs`), to stay under
 * Teams' message size limit.
 */
export function progressionRow(
  view: CheckInView,
  code: string,
  options: { differs: boolean; editable: boolean },
): { previous: string | null; notes: string[] } {
  const { t, round } = view;
  const previous = view.progression?.previous;
  const before = previous?.levels[code];
  const max = noteLength(round);
  const shown = options.differs || !options.editable || max === Number.POSITIVE_INFINITY;
  return {
    previous: before ? t('previous_level_short', { level: shortLevel(before) }) : null,
    notes: (['student', 'trainer'] as const).flatMap((role) => {
      const note = round.parts[role].answers[code]?.note;
      return note && shown ? [noteLine(t, role, note, max)] : [];
    }),
  };
}
