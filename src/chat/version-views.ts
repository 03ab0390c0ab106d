import type { DecidedVersion } from '../domain/agreement-version';
import type { Qualification } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { ChangesSinceVersion } from '../services/agreement-versions';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import { downloadAction } from './download-action';
import { kerntaakSections } from './kerntaak-sections';
import { changesBlock } from './progression-view';
import { levelLabel, scaleLegend } from './rating-scale-view';
import { Verb } from './verbs';
import { navigationActions } from './views';

/** The versions of a round on the status card: a line each (when, outcome) and a button each. */
export function versionStatus(
  t: Translate,
  versions: readonly DecidedVersion[],
): { facts: { title: string; value: string }[]; actions: CardAction[] } {
  return {
    facts: versions.map(({ version: v, decision }) => ({
      title: t('status_version', { version: v.version }),
      value: t('status_version_value', {
        at: t.format.dateTime(v.submittedAt),
        outcome: t(decision ? `version_outcome_${decision.outcome}` : 'version_outcome_pending'),
      }),
    })),
    actions: versions.map(({ version: v }) => ({
      title: t('action_version', { version: v.version }),
      verb: Verb.version,
      data: { p: v.placementId, r: v.round, v: v.version },
    })),
  };
}

/**
 * One stored version, read-only, on the summary card's template: the header as it was submitted,
 * the agreed levels, werkzaamheden and notes of that version, who settled and confirmed it, the
 * decision taken on it and what changed since the version before. No decision buttons.
 */
export function versionCard(
  t: Translate,
  q: Qualification,
  shown: DecidedVersion & { changes?: ChangesSinceVersion },
): AdaptiveCardJson {
  const { version: v, decision, changes } = shown;
  const h = v.header;
  const changedLevels = new Set(changes?.changes.levels.map((c) => c.code));
  const signed = (key: 'fact_settled' | 'fact_confirmed', at: string | undefined) =>
    at ? [{ title: t(key), value: t.format.dateTime(at) }] : [];
  return renderCard('summary', {
    context: t('version_context', { round: t(`round_${v.kind}`), version: v.version }),
    heading: t('summary_title', markdownParams({ student: h.studentName })),
    notice: decision ? null : { text: t('version_pending'), style: 'accent' },
    decision: decision
      ? {
          title: t(decision.outcome === 'approved' ? 'decision_approved' : 'decision_changes_requested', {
            at: t.format.dateTime(decision.at),
            version: v.version,
          }),
          remark: decision.remark ? markdownText(decision.remark) : null,
          style: decision.outcome === 'approved' ? 'good' : 'attention',
        }
      : null,
    facts: [
      { title: t('fact_company'), value: markdownText(h.company) },
      { title: t('fact_student'), value: markdownText(h.studentName) },
      { title: t('fact_trainer'), value: markdownText(h.trainerName) },
      { title: t('fact_supervisor'), value: markdownText(h.supervisorName) },
      { title: t('fact_qualification'), value: q.title },
      {
        title: t('fact_period'),
        value: t('period', {
          start: t.format.calendarDate(h.startDate),
          end: t.format.calendarDate(h.endDate),
        }),
      },
      { title: t('fact_round'), value: markdownText(`${v.round}. ${t(`round_${v.kind}`)}`) },
      ...signed('fact_settled', v.settled?.at),
      ...signed('fact_confirmed', v.confirmed.at),
    ],
    changes: changes ? changesBlock(t, changes) : null,
    kerntaken: kerntaakSections(t, q, {
      level: (code) => levelLabel(t, q, v.levels[code], 'cell'),
      note: (role, code) => v.notes[role][code],
      werkzaamheden: v.werkzaamheden,
      changed: changedLevels,
    }),
    legend: [
      t('summary_legend', { levels: scaleLegend(t, q, false) }),
      ...(changes ? [t('legend_changed', { version: changes.sinceVersion })] : []),
    ].join(' '),
    // Only buttons that leave the version as it is: it is a record, not something to decide on.
    actions: [
      downloadAction(t, { placementId: v.placementId, round: v.round, version: v.version }, 'version'),
    ]
      .concat(navigationActions(t, ['status']))
      .map((action) => ({ kind: 'execute', ...action })),
  });
}
