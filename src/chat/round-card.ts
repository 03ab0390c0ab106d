import type { CheckInRound } from '../domain/check-in';
import { differences } from '../domain/check-in';
import type { Placement, Role } from '../domain/placement';
import type { Qualification } from '../domain/qualification';
import { markdownParams } from '../domain/text';
import type { Translate } from '../i18n';
import { type AdaptiveCardJson, type CardAction, renderCard } from './cards';
import type { Notice } from './check-in-view';
import { Verb } from './verbs';

/** Everything the small card of a round is drawn from. */
export interface RoundCardView {
  readonly t: Translate;
  readonly placement: Placement;
  readonly round: CheckInRound;
  readonly qualification: Qualification;
  readonly role: Role;
  readonly notice?: Notice;
  /** A line under the notice: the remark that sent the list back (or its start), or what follows. */
  readonly remark?: string | undefined;
}

/** Which view a card of a round shows: the small card, or the whole list (or summary). */
export type RoundCardShape = 'card' | 'list';

/**
 * The person's one current card of a round: where the round stands and one button that opens the
 * whole list. Small on purpose: a chat holds it for months, and a list on every card made the chat
 * slow. As a new message (with `notice`) it tells the person something needs them.
 */
export function roundCard(view: RoundCardView): AdaptiveCardJson {
  const { t, placement, round, role } = view;
  const data = { p: placement.id, r: round.number, shape: 'list' };
  const toAct = mustAct(round, role);
  // While the round is being filled in there is no list yet: the button resumes the person's part.
  const action: CardAction =
    round.state === 'open' && role !== 'supervisor'
      ? { title: t('action_resume'), verb: Verb.start, data: {}, style: 'positive' }
      : {
          title: t(toAct ? `round_card_act_${role}` : 'round_card_open'),
          verb: Verb.refresh,
          data,
          ...(toAct ? { style: 'positive' as const } : {}),
        };
  return withRefresh(
    renderCard('round', {
      ...frame(view),
      notice: view.notice ?? null,
      remark: view.notice && view.remark ? view.remark : null,
      status: view.notice && view.round.state === 'approved' ? null : statusText(view),
      detail: detailText(view),
      closed: false,
      closedLine: null,
      actions: [action],
    }),
    view,
    'card',
  );
}

/**
 * An older card of a round, drawn over once a newer one shows the round: one small grey line, no
 * buttons, so a round's superseded messages take no room in the chat.
 */
export function closedRoundCard(view: RoundCardView): AdaptiveCardJson {
  const { t, round } = view;
  return renderCard('round', {
    ...frame(view),
    notice: null,
    remark: null,
    status: null,
    detail: null,
    closed: true,
    closedLine: `${round.number}\\. ${t(`round_${round.kind}`)} · ${t('round_card_closed')}`,
    actions: [],
  });
}

/**
 * `card` with Teams' automatic refresh: when the person opens the chat again, Teams asks for the
 * card as it is now (the `refresh` verb), so an old view never lingers. Not on a list with inputs.
 */
export function withRefresh(
  card: AdaptiveCardJson,
  view: Pick<RoundCardView, 'placement' | 'round' | 'role'>,
  shape: RoundCardShape,
): AdaptiveCardJson {
  const person = view.placement[view.role].aadObjectId;
  // A list the person is filling in must not be drawn anew under their hands: what they chose or
  // typed there is not saved until they press its button.
  if (!person || (shape === 'list' && takesInput(view.round, view.role))) return card;
  return {
    ...card,
    refresh: {
      action: {
        type: 'Action.Execute',
        verb: Verb.refresh,
        data: { p: view.placement.id, r: view.round.number, shape },
      },
      userIds: [`8:orgid:${person}`],
    },
  };
}

function frame(view: RoundCardView): { context: string; heading: string } {
  const { t, placement, round } = view;
  return {
    context: t('round_card_context', {
      round: `${round.number}\\. ${t(`round_${round.kind}`)}`,
      ...markdownParams({ company: placement.company, student: placement.student.name }),
    }),
    heading: t(view.role === 'supervisor' ? 'round_card_title_summary' : 'round_card_title_list'),
  };
}

function takesInput(round: CheckInRound, role: Role): boolean {
  return mustAct(round, role) || (role === 'trainer' && round.state === 'confirming');
}

function mustAct(round: CheckInRound, role: Role): boolean {
  return (
    (role === 'trainer' && round.state === 'settling') ||
    (role === 'student' && round.state === 'confirming') ||
    (role === 'supervisor' && round.state === 'submitted')
  );
}

function statusText(view: RoundCardView): string {
  const { t, placement, round, role } = view;
  if (role === 'supervisor') {
    const key =
      round.state === 'submitted' || round.state === 'approved'
        ? (`round_card_supervisor_${round.state}` as const)
        : 'round_card_supervisor_other';
    return t(key, { version: round.version });
  }
  const intro = t(`agreement_intro_${round.state}_${role}` as Parameters<Translate>[0], {
    count: 0,
    ...markdownParams({ student: placement.student.name, trainer: placement.trainer.name }),
  });
  return intro || t('round_card_in_progress');
}

function detailText(view: RoundCardView): string | null {
  const { t, round, role, qualification } = view;
  if (role === 'supervisor') return null;
  if (round.state !== 'settling' && round.state !== 'confirming') return null;
  return t('round_card_differences', { count: differences(round, qualification).length });
}
