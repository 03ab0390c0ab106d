import { type CheckInRound, type PartRole, resumeStep } from '../domain/check-in';
import { type Placement, trainerByEmail } from '../domain/placement';
import { answerStep, goToStep } from '../services/check-in/answer-step';
import { finishPart } from '../services/check-in/finish-part';
import {
  type ActiveCheckIn,
  openCheckIn,
  openNextCheckIn,
  startCheckIn,
} from '../services/check-in/open-check-in';
import type { Changed, Unchanged } from '../services/check-in/outcome';
import { roundProgression } from '../services/progression';
import type { CheckInView, Notice } from './check-in-view';
import { nextRoundNotice, openedEarlyNotice, openNextRoundAction, roundOpenedCard } from './next-round-views';
import type { Notification } from './notifier';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import { roundCard } from './round-card';
import { agreementReply, checkInView, closedCards, fitsOnCard, refusedCard, stepCard } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { statusCard } from './status-cards';
import { currentCheckInCard, overviewCard } from './step-cards';
import { Verb } from './verbs';
import { messageCard } from './views';

/**
 * The card a person resumes on: the step they were at, or the overview / agreement; after an
 * approval, the agreed list with the date the next check-in opens (and, for the trainer, a button
 * to start it now). When this opened a round that had become due, the other part is told.
 */
async function resumeCard(
  scope: RouteScope,
  deps: RouteDeps,
  active: ActiveCheckIn,
  notice?: Notice,
): Promise<Reply> {
  const { placement, round, role } = active;
  const view = await progressiveView(deps, scope.t, placement, round, role, notice);
  const notifications = active.tell.map((to) => roundOpenedNotification(placement, round, to, role));
  if (round.state === 'open' && !round.parts[role].doneAt) {
    return { card: stepCard(view, resumeStep(round.parts[role], view.qualification)), notifications };
  }
  if (active.upcoming) {
    return {
      card: currentCheckInCard({
        ...view,
        notice: notice ?? nextRoundNotice(scope.t, active.upcoming),
        extraActions: role === 'trainer' ? [openNextRoundAction(scope.t, placement.id, round.number)] : [],
      }),
    };
  }
  return { card: currentCheckInCard(view), notifications };
}

/** The card for `to` that the next check-in has been opened, by `by`. */
function roundOpenedNotification(
  placement: Placement,
  round: CheckInRound,
  to: PartRole,
  by: PartRole,
): Notification {
  return {
    aadObjectId: placement[to].aadObjectId,
    ...(to === 'trainer' && trainerByEmail(placement)
      ? { mail: { placement, reason: 'round_opened' as const, roundKind: round.kind } }
      : {}),
    card: (t) => roundOpenedCard(t, placement, round.kind, to, by),
  };
}

/** The invitations to the rounds a person's first contact opened (see `ensureRounds`). */
export function invitationsTo(opened: readonly ActiveCheckIn[]): Notification[] {
  return opened.flatMap(({ placement, round, role, tell }) =>
    tell.map((to) => roundOpenedNotification(placement, round, to, role)),
  );
}

/** A check-in view with the previous round's agreed levels (and a revised list's changes), from the stored versions. */
async function progressiveView(
  deps: RouteDeps,
  t: RouteScope['t'],
  placement: Placement,
  round: CheckInRound,
  role: PartRole,
  notice?: Notice,
): Promise<CheckInView> {
  const progression = await roundProgression(deps, round, await deps.qualifications.forPlacement(placement));
  return checkInView(deps, t, placement, round, role, notice, progression);
}

/** `start`: resume the one check-in, or let a trainer with several students pick one. */
export async function startReply(scope: RouteScope, deps: RouteDeps): Promise<Reply> {
  const { t } = scope;
  const started = await startCheckIn(deps, scope);
  if (started.kind === 'one') return resumeCard(scope, deps, started.checkIn);
  // A supervisor fills nothing in: `start` shows what awaits her, with a review button if a list does.
  if (started.kind === 'nothing_to_fill_in')
    return { card: await statusCard(scope, deps, t('supervisor_start')) };
  return {
    card: messageCard(
      t('pick_title'),
      [t('pick_text')],
      started.choices.map((m) => ({
        title:
          m.role === 'student'
            ? `${t('role_student')}: ${m.placement.company}`
            : t('action_open', { student: m.placement.student.name, company: m.placement.company }),
        verb: Verb.open,
        data: { p: m.placement.id, role: m.role },
      })),
    ),
  };
}

export async function openRoute(scope: RouteScope, data: Payload<'open'>, deps: RouteDeps): Promise<Reply> {
  return resumeCard(scope, deps, await openCheckIn(deps, scope, { placementId: data.p, role: data.role }));
}

/** The trainer starts the next check-in before its date; the student is told. */
export async function openNextRoundRoute(
  scope: RouteScope,
  data: Payload<'openNextRound'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await openNextCheckIn(deps, scope, { placementId: data.p, from: data.r });
  if (result.outcome === 'unchanged') {
    const key = result.reason === 'already_open' ? 'notice_next_round_already_open' : 'notice_wrong_state';
    return resumeCard(scope, deps, result.checkIn, { text: scope.t(key), style: 'warning' });
  }
  const { placement, round } = result.checkIn;
  const view = await progressiveView(
    deps,
    scope.t,
    placement,
    round,
    'trainer',
    openedEarlyNotice(scope.t, placement, round.kind),
  );
  return {
    card: stepCard(view, resumeStep(round.parts.trainer, view.qualification)),
    notifications: result.checkIn.tell.map((to) => roundOpenedNotification(placement, round, to, 'trainer')),
  };
}

export async function answerRoute(
  scope: RouteScope,
  data: Payload<'answer'>,
  deps: RouteDeps,
): Promise<Reply> {
  const input = {
    ...(data.level !== undefined ? { level: data.level } : {}),
    ...(data.note !== undefined ? { note: data.note } : {}),
    ...(data.text !== undefined ? { text: data.text } : {}),
  };
  const result = await answerStep(deps, scope, {
    placementId: data.p,
    round: data.r,
    role: data.role,
    rev: data.v,
    stepIndex: data.s,
    navigation: data.nav,
    input,
  });
  const fetched = await progressiveView(deps, scope.t, result.placement, result.round, data.role);
  const view = data.o ? { ...fetched, fromOverview: true } : fetched;
  if (result.outcome === 'refused') {
    // A text over its limit is put back with the message beside its field, not above the card.
    const typed = data.note ?? data.text ?? '';
    if ((result.reason === 'note_too_long' || result.reason === 'text_too_long') && fitsOnCard(typed)) {
      return { card: stepCard(view, data.s, input) };
    }
    // A client that sent the card without the level it requires: the reason goes beside the buttons.
    if (result.reason === 'level_required') {
      return { card: stepCard({ ...view, levelError: scope.t('notice_level_required') }, data.s, input) };
    }
    return { card: refusedCard(view, result, (v) => stepCard(v, data.s, input)) };
  }
  if (result.outcome === 'changed' && data.nav === 'stay') {
    return {
      card: stepCard({ ...view, notice: { text: scope.t('notice_saved_later'), style: 'good' } }, data.s),
    };
  }
  // One werkproces changed from the overview: back to the overview, not through every later step.
  if (data.o && data.nav === 'next' && result.round.state === 'open') {
    return { card: overviewCard(fetched) };
  }
  return { card: currentCheckInCard(fetched) };
}

export async function goToRoute(scope: RouteScope, data: Payload<'goTo'>, deps: RouteDeps): Promise<Reply> {
  const result = await goToStep(deps, scope, {
    placementId: data.p,
    round: data.r,
    role: data.role,
    rev: data.v,
    stepIndex: data.s,
  });
  const view = await progressiveView(deps, scope.t, result.placement, result.round, data.role);
  if (result.outcome === 'refused') return { card: refusedCard(view, result, currentCheckInCard) };
  return { card: stepCard({ ...view, fromOverview: true }, data.s) };
}

export async function finishRoute(
  scope: RouteScope,
  data: Payload<'finish'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await finishPart(deps, scope, {
    placementId: data.p,
    round: data.r,
    role: data.role,
    rev: data.v,
  });
  if (result.outcome === 'changed' && result.before.state === 'open' && result.round.state === 'settling') {
    return agreementReply(deps, scope.t, result, data.role);
  }
  const view = await progressiveView(deps, scope.t, result.placement, result.round, data.role);
  if (result.outcome === 'refused') return { card: refusedCard(view, result, currentCheckInCard) };
  // The overview itself says the part is finished; a notice above it would say it twice.
  return {
    card: currentCheckInCard(view),
    // The finished overview is the person's card of the round until the list is ready: then closed.
    track: { placementId: result.placement.id, round: result.round.number, kind: 'agreement' },
    closes: closedCards(deps, result.placement, result.round),
    notifications: partDoneNotifications(deps, result, data.role),
  };
}

/**
 * When one finishes their part first, the other is told (a trainer who works by e-mail hears it
 * from the reminders instead): what they wait for is now only their own part.
 */
function partDoneNotifications(deps: RouteDeps, result: Changed | Unchanged, by: PartRole): Notification[] {
  if (result.outcome !== 'changed') return [];
  const { placement, round, before } = result;
  if (round.state !== 'open' || before.parts[by].doneAt) return [];
  const to = by === 'student' ? 'trainer' : 'student';
  if (round.parts[to].doneAt || (to === 'trainer' && trainerByEmail(placement))) return [];
  return [
    {
      aadObjectId: placement[to].aadObjectId,
      track: { placementId: placement.id, round: round.number, kind: 'agreement' },
      card: (t) =>
        roundCard({
          t,
          placement,
          round,
          role: to,
          qualification: deps.qualifications.loaded(placement),
          notice: { text: t('notify_part_done_title', { role: t(`role_${by}`) }), style: 'good' },
          remark: t('notify_part_done_text'),
        }),
    },
  ];
}
