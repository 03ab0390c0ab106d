import { viewRound } from '../services/check-in/view-round';
import { agreementCard } from './agreement-card';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import { roundCard, withRefresh } from './round-card';
import { checkInView, closedCards, summaryView } from './round-replies';
import type { RouteDeps, RouteScope } from './route-scope';
import { summaryCard } from './summary-card';
import { messageCard, navigationActions } from './views';

/**
 * A card of a round as it is now, for the person asking: the small card, or the whole list (the
 * supervisor's summary). Teams calls it when a card with `refresh` is shown; the small card's
 * button calls it to open the list in place.
 */
export async function refreshRoute(
  scope: RouteScope,
  data: Payload<'refresh'>,
  deps: RouteDeps,
): Promise<Reply> {
  const { t } = scope;
  const seen = await viewRound(deps, scope, { placementId: data.p, round: data.r });
  if (!seen) {
    return { card: messageCard(t('app_name'), [t('round_not_found')], navigationActions(t, ['status'])) };
  }
  const { placement, round, role, changes, progression } = seen;
  const qualification = await deps.qualifications.forPlacement(placement);
  const track = {
    placementId: placement.id,
    round: round.number,
    kind: role === 'supervisor' ? ('summary' as const) : ('agreement' as const),
  };
  const closes = closedCards(deps, placement, round);
  if (data.shape === 'card') {
    return { card: roundCard({ t, placement, round, qualification, role }), track, closes };
  }
  const list =
    role === 'supervisor'
      ? summaryCard(summaryView(deps, t, placement, round, undefined, changes, progression))
      : agreementCard(checkInView(deps, t, placement, round, role, undefined, progression));
  return { card: withRefresh(list, { placement, round, role }, 'list'), track, closes };
}
