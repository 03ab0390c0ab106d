import { z } from 'zod';
import { answerStep } from '../../services/check-in/answer-step';
import { progressiveView } from '../part-replies';
import { longText, partPayload, stepIndex } from '../payload-parts';
import { fitsOnCard, refusedCard, stepCard } from '../round-replies';
import { currentCheckInCard, overviewCard } from '../step-cards';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Save a step's answer and move back, forward, or stay. */
export const answer = defineVerb({
  name: Verb.answer,
  payload: partPayload.extend({
    s: stepIndex,
    nav: z.enum(['next', 'back', 'stay']),
    /** Opened with "Wijzigen" from the overview: "next" saves and goes back there. */
    o: z.literal(1).optional(),
    level: z.string().max(20).optional(),
    note: longText.optional(),
    text: longText.optional(),
  }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
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
  },
});
