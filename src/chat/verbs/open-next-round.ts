import { z } from 'zod';
import { resumeStep } from '../../domain/check-in';
import { openNextCheckIn } from '../../services/check-in/open-check-in';
import { openedEarlyNotice } from '../next-round-views';
import { progressiveView, resumeCard, roundOpenedNotification } from '../part-replies';
import { placementId, roundNumber } from '../payload-parts';
import { stepCard } from '../round-replies';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The trainer starts the next check-in before its date; the student is told. */
export const openNextRound = defineVerb({
  name: Verb.openNextRound,
  payload: z.object({ p: placementId, r: roundNumber }),
  pressedBy: { role: 'trainer' },
  async handle(scope, data, deps) {
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
      notifications: result.checkIn.tell.map((to) =>
        roundOpenedNotification(placement, round, to, 'trainer'),
      ),
    };
  },
});
