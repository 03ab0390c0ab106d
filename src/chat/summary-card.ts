import type { AgreementChanges } from '../domain/agreement-version';
import { type CheckInRound, lastDecision, MAX_REMARK_LENGTH } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { Qualification } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { Progression } from '../services/progression';
import { type AdaptiveCardJson, renderCard } from './cards';
import type { Notice } from './check-in-view';
import { downloadAction } from './download-action';
import { kerntaakSections } from './kerntaak-sections';
import { changesBlock } from './progression-view';
import { levelLabel, scaleLegend, shortLevel } from './rating-scale-view';
import { Verb } from './verbs';

/** Everything the supervisor's summary card is drawn from. */
export interface SummaryView {
  readonly t: Translate;
  readonly placement: Placement;
  readonly round: CheckInRound;
  readonly qualification: Qualification;
  readonly notice?: Notice;
  /** What changed since the version before the one shown, from the stored versions. */
  readonly changes?: { readonly sinceVersion: number; readonly changes: AgreementChanges };
  /** The previous round's agreed levels, for the change per werkproces across rounds. */
  readonly progression?: Progression;
  /** A remark the server refused: shown open, as typed, with the reason next to it. */
  readonly remarkRetry?: { readonly value: string; readonly error: string };
}

/**
 * The supervisor's card: the header of the form, the agreed level of every werkproces by kerntaak,
 * the specifieke werkzaamheden, the notes, what changed since the version sent back, and the
 * decision buttons while a decision is due.
 */
export function summaryCard(view: SummaryView): AdaptiveCardJson {
  const { t, placement: p, round, qualification: q } = view;
  const agreement = round.agreement ?? { levels: {}, texts: {} };
  const changes = view.changes?.changes ?? { levels: [], werkzaamheden: [] };
  const decision = lastDecision(round);
  const pending = round.state === 'submitted';
  const data = { p: p.id, r: round.number, version: round.version };
  const decisionBlock =
    decision && decision.version === round.version && round.state !== 'submitted'
      ? decision.outcome === 'approved'
        ? {
            title: t(round.state === 'approved' ? 'decision_approved' : 'decision_approval_withdrawn', {
              at: t.format.dateTime(decision.at),
              version: decision.version,
            }),
            remark: null,
            style: round.state === 'approved' ? 'good' : 'warning',
          }
        : {
            title: t('decision_changes_requested', {
              at: t.format.dateTime(decision.at),
              version: decision.version,
            }),
            remark: decision.remark ? markdownText(decision.remark) : null,
            style: 'attention',
          }
      : null;
  const changedLevels = new Set(changes.levels.map((change) => change.code));
  const previous = view.progression?.previous;
  // A level unlike the previous round's shows where it came from: "Bg → G Gevorderd".
  const levelCell = (code: string): string => {
    const level = levelLabel(t, q, agreement.levels[code], 'cell');
    const before = previous?.levels[code];
    return before && before !== agreement.levels[code]
      ? t('changed_level_row', { from: shortLevel(before), to: level })
      : level;
  };
  const legend = [
    t('summary_legend', { levels: scaleLegend(t, q, false) }),
    ...(view.changes ? [t('legend_changed', { version: view.changes.sinceVersion })] : []),
    ...(previous ? [t('legend_progression', { round: t(`round_${previous.kind}`) })] : []),
  ].join(' ');
  return renderCard('summary', {
    context: t('summary_context', { round: t(`round_${round.kind}`), version: round.version }),
    heading: t('summary_title', markdownParams({ student: p.student.name })),
    notice: view.notice ?? null,
    decision: decisionBlock,
    facts: [
      { title: t('fact_company'), value: markdownText(p.company) },
      { title: t('fact_student'), value: markdownText(p.student.name) },
      { title: t('fact_trainer'), value: markdownText(p.trainer.name) },
      { title: t('fact_supervisor'), value: markdownText(p.supervisor.name) },
      { title: t('fact_qualification'), value: q.title },
      {
        title: t('fact_period'),
        value: t('period', {
          start: t.format.calendarDate(p.startDate),
          end: t.format.calendarDate(p.endDate),
        }),
      },
      // Escaped, or "1. Startgesprek" reads as a numbered list.
      { title: t('fact_round'), value: markdownText(`${round.number}. ${t(`round_${round.kind}`)}`) },
    ],
    changes: view.changes ? changesBlock(t, view.changes) : null,
    kerntaken: kerntaakSections(t, q, {
      level: levelCell,
      note: (role, code) => round.parts[role].answers[code]?.note,
      werkzaamheden: agreement.texts,
      changed: changedLevels,
    }),
    legend,
    remarkRetry:
      pending && view.remarkRetry
        ? {
            ...view.remarkRetry,
            label: t('request_changes_label', { max: MAX_REMARK_LENGTH }),
            placeholder: t('request_changes_placeholder'),
            required: t('remark_required_error'),
            max: Math.max(MAX_REMARK_LENGTH, view.remarkRetry.value.length),
            submitTitle: t('action_request_changes_submit'),
            verb: Verb.requestChanges,
            data,
          }
        : null,
    actions: pending
      ? [
          { kind: 'execute', title: t('action_approve'), verb: Verb.approve, data, style: 'positive' },
          ...(view.remarkRetry
            ? []
            : [
                {
                  kind: 'remark',
                  title: t('action_request_changes'),
                  verb: Verb.requestChanges,
                  data,
                  remarkLabel: t('request_changes_label', { max: MAX_REMARK_LENGTH }),
                  remarkPlaceholder: t('request_changes_placeholder'),
                  remarkMax: MAX_REMARK_LENGTH,
                  remarkRequired: t('remark_required_error'),
                  submitTitle: t('action_request_changes_submit'),
                },
              ]),
        ]
      : round.state === 'approved'
        ? [
            {
              kind: 'execute',
              ...downloadAction(t, { placementId: p.id, round: round.number, version: round.version }),
            },
          ]
        : [],
  });
}
