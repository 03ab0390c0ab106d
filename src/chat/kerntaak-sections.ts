import type { PartRole } from '../domain/check-in';
import { allWerkprocessen, type Qualification } from '../domain/qualification';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import { sentence, truncate } from './check-in-view';

// Notes are the longest part of a summary; past this a note is cut so the card stays well under
// Teams' message size limit.
const SUMMARY_NOTE_MAX = 300;

/** What a summary shows per werkproces and kerntaak, from a live round or a stored version. */
export interface KerntaakContent {
  /** The level cell of a werkproces. */
  readonly level: (code: string) => string;
  /** A part's note on a werkproces, if they wrote one. */
  readonly note: (role: PartRole, code: string) => string | undefined;
  /** The agreed werkzaamheden per kerntaak. */
  readonly werkzaamheden: Readonly<Record<string, string>>;
  /** Werkprocessen whose level changed since the version compared with. */
  readonly changed: ReadonlySet<string>;
}

/**
 * The summary template's sections: per kerntaak each werkproces with its level (• when changed)
 * and both parts' notes, then the agreed werkzaamheden. The supervisor's live summary and a stored
 * version's card draw the same sections.
 */
export function kerntaakSections(t: Translate, q: Qualification, content: KerntaakContent) {
  return q.kerntaken.map((k) => ({
    title: t('kerntaak_heading', { code: k.code, title: k.title }),
    rows: allWerkprocessen(q)
      .filter((w) => w.kerntaak.code === k.code)
      .map((w) => ({
        label: `${content.changed.has(w.code) ? '• ' : ''}${w.code} ${w.title}`,
        level: content.level(w.code),
        changed: content.changed.has(w.code),
        notes: (['student', 'trainer'] as const).flatMap((role) => {
          const note = content.note(role, w.code);
          return note
            ? [`${sentence(t(`role_${role}`))}: ${markdownText(truncate(note, SUMMARY_NOTE_MAX))}`]
            : [];
        }),
      })),
    textsLabel: t('werkzaamheden_title'),
    text: content.werkzaamheden[k.code]
      ? markdownText(content.werkzaamheden[k.code] as string)
      : t('werkzaamheden_empty'),
  }));
}
