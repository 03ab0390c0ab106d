import { type CheckInRound, type PartRole, resumeStep } from '../domain/check-in';
import { type Placement, trainerByEmail } from '../domain/placement';
import { type ActiveCheckIn, startCheckIn } from '../services/check-in/open-check-in';
import type { Changed, Unchanged } from '../services/check-in/outcome';
import { roundProgression } from '../services/progression';
import type { CheckInView, Notice } from './check-in-view';
import { nextRoundNotice, openNextRoundAction, roundOpenedCard } from './next-round-views';
import type { Notification } from './notifier';
import type { Reply } from './reply';
import { roundCard } from './round-card';
import { checkInView, stepCard } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { statusCard } from './status-cards';
import { currentCheckInCard } from './step-cards';
import { Verb } from './verbs';
import { messageCard } from './views';

/**
 * The card a person resumes on: the step they were at, or the overview / agreement; after an
 * approval, the agreed list with the date the next check-in opens (and, for the trainer, a button
 * to start it now). When this opened a round that had become due, the other part is told.
 */
export async function resumeCard(
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
export function roundOpenedNotification(
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
export async function progressiveView(
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

/**
 * When one finishes their part first, the other is told (a trainer who works by e-mail hears it
 * from the reminders instead): what they wait for is now only their own part.
 */
export function partDoneNotifications(
  deps: RouteDeps,
  result: Changed | Unchanged,
  by: PartRole,
): Notification[] {
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
