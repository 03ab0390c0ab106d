import { finishPart } from '../../services/check-in/finish-part';
import { partDoneNotifications, progressiveView } from '../part-replies';
import { partPayload } from '../payload-parts';
import { agreementReply, closedCards, refusedCard } from '../round-replies';
import { currentCheckInCard } from '../step-cards';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Finish one's own part. */
export const finish = defineVerb({
  name: Verb.finish,
  payload: partPayload,
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
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
  },
});
