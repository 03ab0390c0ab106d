import type { LevelChoice, LevelCriterion, Qualification, Translations } from '../domain/qualification';
import type { Translate } from '../i18n';

/** A scale label in its official Dutch, with its translation beside it where the UI has one. */
export function scaleLabel(t: Translate, item: { label: string; translations: Translations }): string {
  const translated = t.language === 'nl' ? undefined : item.translations[t.language];
  return translated ? `${item.label} (${translated})` : item.label;
}

/**
 * A choice as people read it. `sentence`: `Bg (Beginnend)`, or "nog niet gekozen" when there is
 * none; `cell`: `Bg Beginnend`, or `–`. The not-applicable choice reads as its label in both.
 */
export function levelLabel(
  t: Translate,
  q: Qualification,
  choice: LevelChoice | undefined,
  form: 'sentence' | 'cell',
): string {
  if (!choice) return form === 'sentence' ? t('level_none') : '–';
  if (choice === q.notApplicable.code) return q.notApplicable.label;
  const level = q.levels.find((l) => l.code === choice);
  if (!level) return choice;
  return form === 'sentence' ? `${level.code} (${level.label})` : `${level.code} ${level.label}`;
}

/** A choice in a narrow column: its code, or `–`. */
export function shortLevel(choice: LevelChoice | undefined): string {
  return choice ?? '–';
}

/** `b) Werktempo: 40-60 %`; a wording that already opens with its heading is shown once. */
function criterionLine(c: LevelCriterion): string {
  return `${c.key}) ${c.text.startsWith(c.label) ? c.text : `${c.label}: ${c.text}`}`;
}

/** The levels with their criteria, for the block that explains them on a step card. */
export function levelDescriptions(q: Qualification): { code: string; label: string; criteria: string[] }[] {
  return q.levels.map((level) => ({
    code: level.code,
    label: level.label,
    criteria: level.criteria.map(criterionLine),
  }));
}

/** The options of a step card: every level with its label, then not-applicable. */
export function stepChoices(q: Qualification): { title: string; value: string }[] {
  return [
    ...q.levels.map((level) => ({ title: `${level.code} – ${level.label}`, value: level.code })),
    { title: q.notApplicable.label, value: q.notApplicable.code },
  ];
}

/** The options of a narrow agreement column: codes only. */
export function codeChoices(q: Qualification): { title: string; value: string }[] {
  return [
    ...q.levels.map((level) => ({ title: level.code, value: level.code })),
    { title: q.notApplicable.code, value: q.notApplicable.code },
  ];
}

/** `Bg = Beginnend, G = Gevorderd, Bk = Bekwaam`, and `nvt = …` when the codes stand alone in the list. */
export function scaleLegend(t: Translate, q: Qualification, withNotApplicable: boolean): string {
  const entries = withNotApplicable ? [...q.levels, q.notApplicable] : q.levels;
  return entries.map((entry) => `${entry.code} = ${scaleLabel(t, entry)}`).join(', ');
}

/** The levels for the help card: `**Bg** Beginnend, **G** Gevorderd, **Bk** Bekwaam, of 'Niet mogelijk…'`. */
export function scaleHelp(t: Translate, q: Qualification): string {
  return t('help_levels', {
    levels: q.levels.map((level) => `**${level.code}** ${scaleLabel(t, level)}`).join(', '),
    notApplicable: scaleLabel(t, q.notApplicable),
  });
}
