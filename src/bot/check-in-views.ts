import {
  type Agreement,
  type CheckInRound,
  changesSincePrevious,
  checkInSteps,
  differences,
  lastDecision,
  MAX_NOTE_LENGTH,
  MAX_REMARK_LENGTH,
  MAX_TEXT_LENGTH,
  missingAnswers,
  overLongTexts,
  type PartRole,
  type Step,
} from '../domain/check-in';
import type { Placement } from '../domain/placement';
import { allWerkprocessen, type LevelChoice, type Qualification } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import { Verb } from './verbs';

/** A short message above a card's content: why the card looks the way it does. */
export interface Notice {
  text: string;
  style: 'warning' | 'good' | 'accent';
}

/** Everything a check-in card is drawn from. */
export interface CheckInView {
  readonly t: Translate;
  readonly placement: Placement;
  readonly round: CheckInRound;
  readonly qualification: Qualification;
  readonly role: PartRole;
  readonly notice?: Notice;
  /** Buttons of the moment, put before "status" on the agreed list (e.g. start the next check-in). */
  readonly extraActions?: readonly CardAction[];
}

const other = (role: PartRole): PartRole => (role === 'student' ? 'trainer' : 'student');

/** Sentence case for a text that starts with a role name ("deelnemer koos" → "Deelnemer koos"). */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The payload every check-in action carries: which placement, round, role and version it was drawn from. */
export function actionContext(view: CheckInView, rev?: number): Record<string, string | number> {
  return {
    p: view.placement.id,
    r: view.round.number,
    role: view.role,
    v: rev ?? view.round.parts[view.role].rev,
  };
}

function choiceCodes(q: Qualification): string[] {
  return [...q.levels.map((l) => l.code), q.notApplicable.code];
}

function levelLabel(t: Translate, q: Qualification, level: LevelChoice | undefined): string {
  if (!level) return t('level_none');
  if (level === 'nvt') return q.notApplicable.label;
  const found = q.levels.find((l) => l.code === level);
  return found ? `${found.code} (${found.label})` : level;
}

function shortLevel(level: LevelChoice | undefined): string {
  return level ?? '–';
}

function contextLine(view: CheckInView): string {
  const { t, placement, round, role } = view;
  const roundName = t(`round_${round.kind}`);
  return role === 'student'
    ? t('context_student', { round: roundName, ...markdownParams({ company: placement.company }) })
    : t('context_trainer', {
        round: roundName,
        ...markdownParams({ company: placement.company, student: placement.student.name }),
      });
}

function stepProgress(t: Translate, steps: Step[], index: number): string {
  const step = steps[index];
  if (!step) return '';
  const werkprocessen = steps.filter((s) => s.kind === 'werkproces');
  if (step.kind === 'werkzaamheden') {
    return t('progress_werkzaamheden', { kerntaak: step.kerntaakCode, total: werkprocessen.length });
  }
  const position = werkprocessen.indexOf(step) + 1;
  const inKerntaak = werkprocessen.filter(
    (s) => s.werkproces.kerntaak.code === step.werkproces.kerntaak.code,
  );
  return t('progress_werkproces', {
    n: position,
    total: werkprocessen.length,
    kerntaak: step.werkproces.kerntaak.code,
    k: inKerntaak.indexOf(step) + 1,
    ktotal: inKerntaak.length,
  });
}

function navActions(view: CheckInView, stepIndex: number): CardAction[] {
  const { t } = view;
  const data = (nav: string) => ({ ...actionContext(view), s: stepIndex, nav });
  const actions: CardAction[] = [];
  if (stepIndex > 0) actions.push({ title: t('action_back'), verb: Verb.answer, data: data('back') });
  actions.push({ title: t('action_next'), verb: Verb.answer, data: data('next'), style: 'positive' });
  actions.push({ title: t('action_later'), verb: Verb.answer, data: data('stay') });
  return actions;
}

function remarkBlock(view: CheckInView) {
  const remark = view.round.remark;
  if (!remark) return undefined;
  const key = remark.by === 'supervisor' ? 'remark_from_supervisor' : 'remark_from_student';
  return { label: view.t(key), text: markdownText(remark.text) };
}

/**
 * One werkproces: its omschrijving, the levels with their criteria, the other's choice, a note.
 * A `draft` (input that could not be saved) is shown instead of the saved answer.
 */
export function werkprocesCard(
  view: CheckInView,
  stepIndex: number,
  draft?: { level?: string; note?: string },
): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const steps = checkInSteps(q);
  const step = steps[stepIndex];
  if (step?.kind !== 'werkproces') throw new Error(`step ${stepIndex} is not a werkproces`);
  const w = step.werkproces;
  const mine = round.parts[role].answers[w.code];
  const theirs = round.parts[other(role)].answers[w.code];
  const otherRole = t(`role_${other(role)}`);
  return renderCard('werkproces', {
    context: contextLine(view),
    kerntaak: t('kerntaak_heading', { code: w.kerntaak.code, title: w.kerntaak.title }),
    progress: stepProgress(t, steps, stepIndex),
    notice: view.notice ?? null,
    code: w.code,
    title: w.title,
    omschrijvingToggle: t('omschrijving_toggle'),
    omschrijving: w.omschrijving,
    other: theirs
      ? {
          label: sentence(t('other_chose', { role: otherRole, level: levelLabel(t, q, theirs.level) })),
          note: theirs.note ? markdownText(theirs.note) : null,
        }
      : null,
    levelsTitle: t('levels_title'),
    levels: q.levels.map((level) => ({
      code: level.code,
      label: level.label,
      criteria: level.criteria.map(
        (c) => `${c.key}) ${c.label === c.text.slice(0, c.label.length) ? c.text : `${c.label}: ${c.text}`}`,
      ),
    })),
    choiceLabel: t('your_choice'),
    selected:
      (draft?.level && choiceCodes(q).includes(draft.level) ? draft.level : undefined) ?? mine?.level ?? '',
    choices: [
      ...q.levels.map((level) => ({ title: `${level.code} – ${level.label}`, value: level.code })),
      { title: q.notApplicable.label, value: q.notApplicable.code },
    ],
    noteLabel: t('note_label'),
    notePlaceholder: t('note_placeholder'),
    noteMax: MAX_NOTE_LENGTH,
    note: draft?.note ?? mine?.note ?? '',
    actions: navActions(view, stepIndex),
  });
}

/** The "Specifieke werkzaamheden" of one kerntaak, with that kerntaak's chosen levels beside it. */
export function werkzaamhedenCard(view: CheckInView, stepIndex: number, draft?: string): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const steps = checkInSteps(q);
  const step = steps[stepIndex];
  if (step?.kind !== 'werkzaamheden') throw new Error(`step ${stepIndex} is not werkzaamheden`);
  const part = round.parts[role];
  const theirText = round.parts[other(role)].texts[step.kerntaakCode];
  return renderCard('werkzaamheden', {
    context: contextLine(view),
    heading: t('kerntaak_heading', { code: step.kerntaakCode, title: step.kerntaakTitle }),
    progress: stepProgress(t, steps, stepIndex),
    notice: view.notice ?? null,
    title: t('werkzaamheden_title'),
    intro: t('werkzaamheden_intro'),
    levels: allWerkprocessen(q)
      .filter((w) => w.kerntaak.code === step.kerntaakCode)
      .map((w) => ({ code: w.code, value: `${w.title}: ${shortLevel(part.answers[w.code]?.level)}` })),
    other: theirText
      ? {
          label: sentence(t('other_wrote', { role: t(`role_${other(role)}`) })),
          text: markdownText(theirText),
        }
      : null,
    textLabel: t('werkzaamheden_label'),
    textPlaceholder: t('werkzaamheden_placeholder'),
    textMax: MAX_TEXT_LENGTH,
    text: draft ?? part.texts[step.kerntaakCode] ?? '',
    actions: navActions(view, stepIndex),
  });
}

/** All of one's own answers (and the other's, once given), each row opening its step again. */
export function overviewCard(view: CheckInView): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const steps = checkInSteps(q);
  const part = round.parts[role];
  const otherPart = round.parts[other(role)];
  const missing = missingAnswers(part, q);
  const showTheirs = Object.keys(otherPart.answers).length > 0;
  const goTo = (stepIndex: number) => ({ ...actionContext(view), s: stepIndex });
  const kerntaken = q.kerntaken.map((k) => {
    const rows = steps.flatMap((step, index) => {
      if (step.kind === 'werkproces' && step.werkproces.kerntaak.code === k.code) {
        const code = step.werkproces.code;
        return [
          {
            label: `${code} ${step.werkproces.title}`,
            mine: shortLevel(part.answers[code]?.level),
            theirs: showTheirs ? shortLevel(otherPart.answers[code]?.level) : null,
            missing: !part.answers[code],
            editLabel: t('action_change'),
            verb: Verb.goTo,
            data: goTo(index),
          },
        ];
      }
      if (step.kind === 'werkzaamheden' && step.kerntaakCode === k.code) {
        const text = part.texts[k.code];
        return [
          {
            label: `${t('werkzaamheden_title')}: ${text ? markdownText(truncate(text.replace(/\s+/g, ' '), 80)) : t('werkzaamheden_empty')}`,
            mine: '',
            theirs: null,
            missing: false,
            editLabel: t('action_change'),
            verb: Verb.goTo,
            data: goTo(index),
          },
        ];
      }
      return [];
    });
    return { title: t('kerntaak_heading', { code: k.code, title: k.title }), rows };
  });
  const done = !!part.doneAt;
  const actions: CardAction[] = [];
  if (!done) {
    actions.push({
      title: t('action_finish'),
      verb: Verb.finish,
      data: actionContext(view),
      style: 'positive',
    });
  }
  actions.push({ title: t('action_status'), verb: Verb.status, data: {} });
  const intro = done
    ? t('overview_done', { role: t(`role_${other(role)}`) })
    : missing.length > 0
      ? t('overview_missing', { count: missing.length, codes: missing.join(', ') })
      : t('overview_ready');
  return renderCard('overview', {
    context: contextLine(view),
    heading: t('overview_title'),
    progress: null,
    notice: view.notice ?? null,
    remark: null,
    intro,
    kerntaken,
    legend: showTheirs ? t('overview_legend', { role: t(`role_${other(role)}`) }) : t('overview_legend_mine'),
    actions,
  });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The side-by-side list once both parts are done: student's level, trainer's level, the agreed
 * level, differences marked. The trainer edits it while settling; the student confirms or sends
 * it back; otherwise it is read-only.
 */
export function agreementCard(
  view: CheckInView,
  draft?: { agreement?: Agreement; remark?: string },
): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const agreement = draft?.agreement ?? round.agreement ?? { levels: {}, texts: {} };
  const differing = new Set(differences(round, q));
  const editable = role === 'trainer' && (round.state === 'settling' || round.state === 'confirming');
  const confirming = role === 'student' && round.state === 'confirming';
  const data = { ...actionContext(view, round.rev) };
  const actions: CardAction[] = [];
  if (editable) actions.push({ title: t('action_settle'), verb: Verb.settle, data, style: 'positive' });
  if (role === 'trainer' && round.state === 'approved') {
    actions.push({ title: t('action_reopen'), verb: Verb.reopen, data });
  }
  if (confirming) {
    actions.push({ title: t('action_confirm'), verb: Verb.confirm, data, style: 'positive' });
    actions.push({ title: t('action_send_back'), verb: Verb.sendBack, data, style: 'destructive' });
  }
  actions.push(...(view.extraActions ?? []));
  actions.push({ title: t('action_status'), verb: Verb.status, data: {} });
  const intro = t(`agreement_intro_${round.state}_${role}` as Parameters<Translate>[0], {
    count: differing.size,
    ...markdownParams({ student: view.placement.student.name, trainer: view.placement.trainer.name }),
  });
  const overLong = editable ? overLongTexts(agreement)[0] : undefined;
  const notice: Notice | undefined =
    view.notice ??
    (overLong
      ? {
          text: t('notice_agreement_text_too_long', { ...overLong, max: MAX_TEXT_LENGTH }),
          style: 'warning',
        }
      : undefined);
  return renderCard('agreement', {
    context: contextLine(view),
    heading: t('agreement_title'),
    progress: t('agreement_differences', { count: differing.size }),
    notice: notice ?? null,
    remark: remarkBlock(view) ?? null,
    intro,
    editable,
    columns: {
      werkproces: t('column_werkproces'),
      student: 'D',
      trainer: 'PO',
      agreed: t('column_agreed'),
    },
    choices: [
      ...q.levels.map((level) => ({ title: level.code, value: level.code })),
      { title: 'nvt', value: q.notApplicable.code },
    ],
    kerntaken: q.kerntaken.map((k) => ({
      title: t('kerntaak_heading', { code: k.code, title: k.title }),
      textsLabel: t('werkzaamheden_title'),
      textInputId: `txt_${k.code}`,
      // A joined starting text over the limit is shown whole, for the trainer to shorten.
      textMax: Math.max(MAX_TEXT_LENGTH, agreement.texts[k.code]?.length ?? 0),
      // An input shows its value as typed; a TextBlock reads it as markdown.
      agreedText: editable
        ? (agreement.texts[k.code] ?? '')
        : agreement.texts[k.code]
          ? markdownText(agreement.texts[k.code] as string)
          : t('werkzaamheden_empty'),
      rows: allWerkprocessen(q)
        .filter((w) => w.kerntaak.code === k.code)
        .map((w) => ({
          label: `${differing.has(w.code) ? '≠ ' : ''}${w.code} ${w.title}`,
          student: shortLevel(round.parts.student.answers[w.code]?.level),
          trainer: shortLevel(round.parts.trainer.answers[w.code]?.level),
          agreed: shortLevel(agreement.levels[w.code]),
          agreedValue: agreement.levels[w.code] ?? '',
          inputId: `lvl_${w.code}`,
          differs: differing.has(w.code),
        })),
    })),
    legend: t('agreement_legend'),
    remarkInput: confirming
      ? { label: t('send_back_label'), placeholder: t('send_back_placeholder'), max: MAX_REMARK_LENGTH }
      : null,
    actions,
  });
}

/** The card a person should see now for their part of the round. */
export function currentCheckInCard(view: CheckInView): AdaptiveCardJson {
  const { round, role, qualification: q } = view;
  if (round.state !== 'open') return agreementCard(view);
  const part = round.parts[role];
  const steps = checkInSteps(q);
  const step = steps[part.cursor];
  if (!step || part.doneAt) return overviewCard(view);
  return step.kind === 'werkproces'
    ? werkprocesCard(view, part.cursor)
    : werkzaamhedenCard(view, part.cursor);
}

/** Everything the supervisor's summary card is drawn from. */
export interface SummaryView {
  readonly t: Translate;
  readonly placement: Placement;
  readonly round: CheckInRound;
  readonly qualification: Qualification;
  readonly notice?: Notice;
}

// Notes are the longest part of a summary; past this a note is cut so the card stays well under
// Teams' message size limit.
const SUMMARY_NOTE_MAX = 300;

/**
 * The supervisor's card: the header of the form, the agreed level of every werkproces by kerntaak,
 * the specifieke werkzaamheden, the notes, what changed since the version sent back, and the
 * decision buttons while a decision is due.
 */
export function summaryCard(view: SummaryView): AdaptiveCardJson {
  const { t, placement: p, round, qualification: q } = view;
  const agreement = round.agreement ?? { levels: {}, texts: {} };
  const changes = changesSincePrevious(round, q);
  const decision = lastDecision(round);
  const pending = round.state === 'submitted';
  const data = { p: p.id, r: round.number, version: round.version };
  const decisionBlock =
    decision && decision.version === round.version && round.state !== 'submitted'
      ? decision.outcome === 'approved'
        ? {
            title: t(round.state === 'approved' ? 'decision_approved' : 'decision_approval_withdrawn', {
              at: formatMoment(decision.at),
              version: decision.version,
            }),
            remark: null,
            style: round.state === 'approved' ? 'good' : 'warning',
          }
        : {
            title: t('decision_changes_requested', {
              at: formatMoment(decision.at),
              version: decision.version,
            }),
            remark: decision.remark ? markdownText(decision.remark) : null,
            style: 'attention',
          }
      : null;
  const changeLines = [
    ...changes.levels.map((code) =>
      t('changed_level', {
        code,
        from: shortLevel(round.previousAgreement?.levels[code]),
        to: shortLevel(agreement.levels[code]),
      }),
    ),
    ...changes.texts.map((code) => t('changed_text', { kerntaak: code })),
  ];
  const changedLevels = new Set(changes.levels);
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
      { title: t('fact_period'), value: t('period', { start: p.startDate, end: p.endDate }) },
      { title: t('fact_round'), value: `${round.number}. ${t(`round_${round.kind}`)}` },
    ],
    changes:
      round.previousAgreement && round.version > 1
        ? {
            // The list was sent back (or reopened) at the version before this one.
            title: t('changes_title', { version: round.version - 1 }),
            lines: changeLines.length > 0 ? changeLines : [t('changes_none')],
          }
        : null,
    kerntaken: q.kerntaken.map((k) => ({
      title: t('kerntaak_heading', { code: k.code, title: k.title }),
      rows: allWerkprocessen(q)
        .filter((w) => w.kerntaak.code === k.code)
        .map((w) => ({
          label: `${changedLevels.has(w.code) ? '• ' : ''}${w.code} ${w.title}`,
          level: levelName(q, agreement.levels[w.code]),
          changed: changedLevels.has(w.code),
          notes: (['student', 'trainer'] as const).flatMap((role) => {
            const note = round.parts[role].answers[w.code]?.note;
            return note
              ? [`${sentence(t(`role_${role}`))}: ${markdownText(truncate(note, SUMMARY_NOTE_MAX))}`]
              : [];
          }),
        })),
      textsLabel: t('werkzaamheden_title'),
      text: agreement.texts[k.code]
        ? markdownText(agreement.texts[k.code] as string)
        : t('werkzaamheden_empty'),
    })),
    legend: t('summary_legend'),
    actions: pending
      ? [
          { kind: 'execute', title: t('action_approve'), verb: Verb.approve, data, style: 'positive' },
          {
            kind: 'remark',
            title: t('action_request_changes'),
            verb: Verb.requestChanges,
            data,
            remarkLabel: t('request_changes_label'),
            remarkPlaceholder: t('request_changes_placeholder'),
            remarkMax: MAX_REMARK_LENGTH,
            submitTitle: t('action_request_changes_submit'),
          },
        ]
      : [],
  });
}

function levelName(q: Qualification, level: LevelChoice | undefined): string {
  if (!level) return '–';
  if (level === 'nvt') return q.notApplicable.label;
  const found = q.levels.find((l) => l.code === level);
  return found ? `${found.code} ${found.label}` : level;
}

/** `2026-11-29T09:05:00Z` → `29-11-2026 10:05` in Dutch time, for decisions and history lines. */
export function formatMoment(iso: string): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')}-${get('month')}-${get('year')} ${get('hour')}:${get('minute')}`;
}
