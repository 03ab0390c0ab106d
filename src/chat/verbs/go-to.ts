import { goToStep } from '../../services/check-in/answer-step';
import { progressiveView } from '../part-replies';
import { partPayload, stepIndex } from '../payload-parts';
import { refusedCard, stepCard } from '../round-replies';
import { currentCheckInCard } from '../step-cards';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Jump to a step from the overview. */
export const goTo = defineVerb({
  name: Verb.goTo,
  payload: partPayload.extend({ s: stepIndex }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
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
  },
});
