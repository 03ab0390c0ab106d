import type { AgreementChanges } from '../domain/agreement-version';
import type { PartRole } from '../domain/check-in';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { ChangesSinceVersion } from '../services/agreement-versions';
import { type CheckInView, sentence } from './check-in-view';
import { shortLevel } from './rating-scale-view';

/** `Deelnemer: …` — who wrote a note, and the whole note, for a row in a list. */
export function noteLine(t: Translate, role: PartRole, note: string): string {
  return `${sentence(t(`role_${role}`))}: ${markdownText(note.replace(/\s+/g, ' '))}`;
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
 * and the notes both parts wrote, whole, on every card that shows the list (the settle card too).
 */
export function progressionRow(
  view: CheckInView,
  code: string,
): { previous: string | null; notes: string[] } {
  const { t, round } = view;
  const previous = view.progression?.previous;
  const before = previous?.levels[code];
  return {
    previous: before ? t('previous_level_short', { level: shortLevel(before) }) : null,
    notes: (['student', 'trainer'] as const).flatMap((role) => {
      const note = round.parts[role].answers[code]?.note;
      return note ? [noteLine(t, role, note)] : [];
    }),
  };
}
