import { z } from 'zod';
import { reviewAgreement } from '../../services/check-in/decide-agreement';
import { placementId } from '../payload-parts';
import { withRefresh } from '../round-card';
import { closedCards, summaryView } from '../round-replies';
import { summaryCard } from '../summary-card';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';
import { messageCard, navigationActions } from '../views';

/** The supervisor opens the summary of a placement's latest round. */
export const review = defineVerb({
  name: Verb.review,
  payload: z.object({ p: placementId }),
  pressedBy: { role: 'supervisor' },
  async handle(scope, data, deps) {
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
  },
});
