import { resumeStep } from '../domain/check-in';
import { answerStep, goToStep } from '../services/check-in/answer-step';
import { finishPart } from '../services/check-in/finish-part';
import { type ActiveCheckIn, openCheckIn, startCheckIn } from '../services/check-in/open-check-in';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import { agreementReply, checkInView, refusedCard, stepCard } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { currentCheckInCard } from './step-cards';
import { Verb } from './verbs';
import { messageCard, navigationActions } from './views';

/** The card a person resumes on: the step they were at, or the overview / agreement. */
function resumeCard(scope: RouteScope, deps: RouteDeps, active: ActiveCheckIn): Reply {
  const { placement, round, role } = active;
  const view = checkInView(deps, scope.t, placement, round, role);
  if (round.state === 'open' && !round.parts[role].doneAt) {
    return { card: stepCard(view, resumeStep(round.parts[role], view.qualification)) };
  }
  return { card: currentCheckInCard(view) };
}

/** `start`: resume the one check-in, or let a trainer with several students pick one. */
export async function startReply(scope: RouteScope, deps: RouteDeps): Promise<Reply> {
  const { t } = scope;
  const started = await startCheckIn(deps, scope);
  if (started.kind === 'one') return resumeCard(scope, deps, started.checkIn);
  if (started.kind === 'nothing_to_fill_in') {
    return {
      card: messageCard(t('app_name'), [t('supervisor_start')], navigationActions(t, ['status', 'help'])),
    };
  }
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
  const view = checkInView(deps, scope.t, result.placement, result.round, data.role);
  if (result.outcome === 'refused') {
    return { card: refusedCard(view, result, (v) => stepCard(v, data.s, input)) };
  }
  if (result.outcome === 'changed' && data.nav === 'stay') {
    return {
      card: stepCard({ ...view, notice: { text: scope.t('notice_saved_later'), style: 'good' } }, data.s),
    };
  }
  return { card: currentCheckInCard(view) };
}

export async function goToRoute(scope: RouteScope, data: Payload<'goTo'>, deps: RouteDeps): Promise<Reply> {
  const result = await goToStep(deps, scope, {
    placementId: data.p,
    round: data.r,
    role: data.role,
    rev: data.v,
    stepIndex: data.s,
  });
  const view = checkInView(deps, scope.t, result.placement, result.round, data.role);
  if (result.outcome === 'refused') return { card: refusedCard(view, result, currentCheckInCard) };
  return { card: stepCard(view, data.s) };
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
  const view = checkInView(deps, scope.t, result.placement, result.round, data.role);
  if (result.outcome === 'refused') return { card: refusedCard(view, result, currentCheckInCard) };
  return {
    card: currentCheckInCard({ ...view, notice: { text: scope.t('notice_part_done'), style: 'good' } }),
  };
}
