import type { RoundResult } from '../services/check-in/outcome';
import type { Notice } from './check-in-view';
import type { Reply } from './reply';
import { fitsOnCard, followUps, summaryView } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { summaryCard } from './summary-card';

/**
 * The supervisor's summary after a decision: with `done` when it was recorded; with the outcome
 * when this version was already decided (a second click, an older card); with the reason when the
 * remark was missing or too long; with a refreshed round when someone else kept changing it.
 */
export function decisionReply(
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
