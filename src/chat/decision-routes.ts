import {
  approveAgreement,
  requestAgreementChanges,
  reviewAgreement,
} from '../services/check-in/decide-agreement';
import type { RoundResult } from '../services/check-in/outcome';
import type { Notice } from './check-in-view';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import { withRefresh } from './round-card';
import { closedCards, fitsOnCard, followUps, summaryView } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { summaryCard } from './summary-card';
import { messageCard, navigationActions } from './views';

/** The supervisor opens the summary of a placement's latest round. */
export async function reviewRoute(
  scope: RouteScope,
  data: Payload<'review'>,
  deps: RouteDeps,
): Promise<Reply> {
  const { placement, round, changes, progression } = await reviewAgreement(deps, scope, data.p);
  if (!round) {
    return {
      card: messageCard(
        scope.t('app_name'),
        [scope.t('status_no_round')],
        navigationActions(scope.t, ['status']),
      ),
    };
  }
  return {
    card: withRefresh(
      summaryCard(summaryView(deps, scope.t, placement, round, undefined, changes, progression)),
      { placement, round, role: 'supervisor' },
      'list',
    ),
    track: { placementId: placement.id, round: round.number, kind: 'summary' },
    closes: closedCards(deps, placement, round),
  };
}

export async function approveRoute(
  scope: RouteScope,
  data: Payload<'approve'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await approveAgreement(deps, scope, {
    placementId: data.p,
    round: data.r,
    version: data.version,
  });
  return decisionReply(scope, deps, result, { text: scope.t('notice_approved'), style: 'good' });
}

export async function requestChangesRoute(
  scope: RouteScope,
  data: Payload<'requestChanges'>,
  deps: RouteDeps,
): Promise<Reply> {
  const result = await requestAgreementChanges(deps, scope, {
    placementId: data.p,
    round: data.r,
    version: data.version,
    remark: data.remark ?? '',
  });
  return decisionReply(
    scope,
    deps,
    result,
    { text: scope.t('notice_changes_requested'), style: 'good' },
    data.remark ?? '',
  );
}

/**
 * The supervisor's summary after a decision: with `done` when it was recorded; with the outcome
 * when this version was already decided (a second click, an older card); with the reason when the
 * remark was missing or too long; with a refreshed round when someone else kept changing it.
 */
function decisionReply(
  scope: RouteScope,
  deps: RouteDeps,
  result: RoundResult,
  done: Notice,
  remark?: string,
): Reply {
  const { t } = scope;
  const track = { placementId: result.placement.id, round: result.round.number, kind: 'summary' as const };
  const card = (notice?: Notice) =>
    summaryCard(
      summaryView(deps, t, result.placement, result.round, notice, result.changes, result.progression),
    );
  if (result.outcome === 'changed') return { card: card(done), track, ...followUps(deps, result) };
  if (
    result.outcome === 'refused' &&
    (result.reason === 'remark_required' || result.reason === 'remark_too_long')
  ) {
    // The reason goes next to the field, with the remark put back as typed when it fits on the card.
    const view = summaryView(deps, t, result.placement, result.round, undefined, result.changes);
    const kept = remark !== undefined && fitsOnCard(remark) ? remark : '';
    return {
      card: summaryCard({
        ...view,
        remarkRetry: { value: kept, error: t(`notice_${result.reason}`, result.detail) },
      }),
      track,
    };
  }
  if (result.outcome === 'refused' && result.reason === 'conflict') {
    return { card: card({ text: t('notice_conflict'), style: 'warning' }), track };
  }
  return { card: card({ text: t('notice_decision_taken'), style: 'accent' }), track };
}
