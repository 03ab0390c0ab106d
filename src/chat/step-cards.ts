import {
  checkInSteps,
  MAX_NOTE_LENGTH,
  MAX_TEXT_LENGTH,
  missingAnswers,
  otherPartRole,
  type Step,
} from '../domain/check-in';
import { allWerkprocessen, isLevelChoice } from '../domain/qualification';
import { markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import { agreementCard } from './agreement-card';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import {
  actionContext,
  type CheckInView,
  contextLine,
  navActions,
  sentence,
  truncate,
} from './check-in-view';
import { noteLength, noteLine } from './progression-view';
import { levelDescriptions, levelLabel, shortLevel, stepChoices } from './rating-scale-view';
import { Verb } from './verbs';

/** "Werkproces 6 van 17 · kerntaak 2: 1 van 4", or the werkzaamheden step's own line. */
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

/**
 * The message under a text input whose text is over its limit, or null. The input sets no
 * `maxLength`: a client would cut a pasted text without a word, so the server refuses it instead
 * and the card puts it back with this message beside it.
 */
function tooLong(t: Translate, text: string, max: number): string | null {
  const length = text.trim().length;
  return length > max ? t('field_too_long', { length, max }) : null;
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
  const theirs = round.parts[otherPartRole(role)].answers[w.code];
  const otherRole = t(`role_${otherPartRole(role)}`);
  const previous = view.progression?.previous;
  const agreedBefore = previous?.levels[w.code];
  const note = draft?.note ?? mine?.note ?? '';
  const selected =
    (draft?.level && isLevelChoice(q, draft.level) ? draft.level : undefined) ?? mine?.level ?? '';
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
          label: sentence(
            t('other_chose', { role: otherRole, level: levelLabel(t, q, theirs.level, 'sentence') }),
          ),
          note: theirs.note ? markdownText(theirs.note) : null,
        }
      : null,
    previous: agreedBefore
      ? t('previous_level', {
          round: t(`round_${previous.kind}`),
          level: levelLabel(t, q, agreedBefore, 'sentence'),
        })
      : null,
    levelsToggle: t('levels_toggle'),
    levels: levelDescriptions(q),
    choiceLabel: t('your_choice'),
    levelRequired: t('level_required_error'),
    levelError: view.levelError ?? null,
    selected,
    choices: stepChoices(q),
    noteLabel: t('note_label', { max: MAX_NOTE_LENGTH }),
    notePlaceholder: t('note_placeholder'),
    noteError: tooLong(t, note, MAX_NOTE_LENGTH),
    note,
    actions: navActions(view, stepIndex, selected === ''),
  });
}

/** The "Specifieke werkzaamheden" of one kerntaak, with that kerntaak's chosen levels beside it. */
export function werkzaamhedenCard(view: CheckInView, stepIndex: number, draft?: string): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const steps = checkInSteps(q);
  const step = steps[stepIndex];
  if (step?.kind !== 'werkzaamheden') throw new Error(`step ${stepIndex} is not werkzaamheden`);
  const part = round.parts[role];
  const theirText = round.parts[otherPartRole(role)].texts[step.kerntaakCode];
  const text = draft ?? part.texts[step.kerntaakCode] ?? '';
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
          label: sentence(t('other_wrote', { role: t(`role_${otherPartRole(role)}`) })),
          text: markdownText(theirText),
        }
      : null,
    textLabel: t('werkzaamheden_label', { max: MAX_TEXT_LENGTH }),
    textPlaceholder: t('werkzaamheden_placeholder'),
    textError: tooLong(t, text, MAX_TEXT_LENGTH),
    text,
    actions: navActions(view, stepIndex),
  });
}

/** All of one's own answers (and the other's, once given), each row opening its step again. */
export function overviewCard(view: CheckInView): AdaptiveCardJson {
  const { t, qualification: q, round, role } = view;
  const steps = checkInSteps(q);
  const part = round.parts[role];
  const otherPart = round.parts[otherPartRole(role)];
  const missing = missingAnswers(part, q);
  const showTheirs = Object.keys(otherPart.answers).length > 0;
  const goTo = (stepIndex: number) => ({ ...actionContext(view), s: stepIndex });
  const noteMax = noteLength(round);
  // Notes as on the supervisor's summary: one's own, and the other's once they answered.
  const notesOf = (code: string): string[] =>
    ([role, otherPartRole(role)] as const).flatMap((who) => {
      const note = round.parts[who].answers[code]?.note;
      return note && (who === role || showTheirs) ? [noteLine(t, who, note, noteMax)] : [];
    });
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
            notes: notesOf(code),
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
            notes: [],
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
    ? t('overview_done', { role: t(`role_${otherPartRole(role)}`) })
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
    legend: showTheirs
      ? t('overview_legend', { role: t(`role_${otherPartRole(role)}`) })
      : t('overview_legend_mine'),
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
