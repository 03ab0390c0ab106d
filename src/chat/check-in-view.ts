import type { CheckInRound, PartRole } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { Qualification } from '../domain/qualification';
import { markdownParams, markdownText } from '../domain/text';
import type { Translate } from '../i18n';
import type { Progression } from '../services/progression';
import type { CardAction } from './cards';
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
  /** The previous round's agreed levels, and what a revised list changes: from the stored versions. */
  readonly progression?: Progression;
  /** A step opened with "Wijzigen" from the overview: saving it goes back there, not on to the next step. */
  readonly fromOverview?: boolean;
  /** Why the step's level could not be saved, shown beside the buttons (where the eye is after a click). */
  readonly levelError?: string;
}

/** Sentence case for a text that starts with a role name ("deelnemer koos" → "Deelnemer koos"). */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** The payload every check-in action carries: which placement, round, role and version it was drawn from. */
export function actionContext(view: CheckInView, rev?: number): Record<string, string | number> {
  return {
    p: view.placement.id,
    r: view.round.number,
    role: view.role,
    v: rev ?? view.round.parts[view.role].rev,
  };
}

/** The small line at the top of a check-in card: round, company, whose choices these are. */
export function contextLine(view: CheckInView): string {
  const { t, placement, round, role } = view;
  const roundName = t(`round_${round.kind}`);
  return role === 'student'
    ? t('context_student', { round: roundName, ...markdownParams({ company: placement.company }) })
    : t('context_trainer', {
        round: roundName,
        ...markdownParams({ company: placement.company, student: placement.student.name }),
      });
}

/**
 * Back, next and "continue later" under a step card; after "Wijzigen" from the overview, "save and
 * back to the overview" instead of next. A werkproces card requires its level on the card itself,
 * so Teams blocks a button that sends the inputs before anything is sent; on a card without a saved
 * level yet (`levelPending`) "Vorige" and "Later verder" send none, so going back and stopping
 * always work (and leave this card as it was).
 */
export function navActions(view: CheckInView, stepIndex: number, levelPending = false): CardAction[] {
  const { t } = view;
  const data = (nav: string) => ({
    ...actionContext(view),
    s: stepIndex,
    nav,
    ...(view.fromOverview ? { o: 1 } : {}),
  });
  const actions: CardAction[] = [];
  if (stepIndex > 0 && !view.fromOverview)
    actions.push({
      title: t('action_back'),
      verb: Verb.answer,
      data: data('back'),
      ...(levelPending ? { inputs: 'none' as const } : {}),
    });
  actions.push(
    view.fromOverview
      ? { title: t('action_save_overview'), verb: Verb.answer, data: data('next'), style: 'positive' }
      : { title: t('action_next'), verb: Verb.answer, data: data('next'), style: 'positive' },
  );
  actions.push({
    title: t('action_later'),
    verb: Verb.answer,
    data: data('stay'),
    ...(levelPending ? { inputs: 'none' as const } : {}),
  });
  return actions;
}

/** The remark that sent the list back, if any, for the block above the list. */
export function remarkBlock(view: CheckInView): { label: string; text: string } | undefined {
  const remark = view.round.remark;
  if (!remark) return undefined;
  const key = remark.by === 'supervisor' ? 'remark_from_supervisor' : 'remark_from_student';
  return { label: view.t(key), text: markdownText(remark.text) };
}
