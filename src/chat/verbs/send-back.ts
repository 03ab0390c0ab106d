import { z } from 'zod';
import { markdownParams } from '../../domain/text';
import { sendBackAgreement } from '../../services/check-in/send-back-agreement';
import { agreementCard } from '../agreement-card';
import { agreementResultReply, REMARK_REFUSALS } from '../agreement-replies';
import type { Notice } from '../check-in-view';
import { longText, partPayload } from '../payload-parts';
import { checkInView, fitsOnCard, withDroppedDraft } from '../round-replies';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The student sends the settled list back with a remark. */
export const sendBack = defineVerb({
  name: Verb.sendBack,
  payload: partPayload.extend({ role: z.literal('student'), remark: longText.optional() }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
    const result = await sendBackAgreement(deps, scope, {
      placementId: data.p,
      round: data.r,
      rev: data.v,
      remark: data.remark ?? '',
    });
    const notice: Notice = {
      text: scope.t('notice_sent_back', markdownParams({ trainer: result.placement.trainer.name })),
      style: 'good',
    };
    if (result.outcome === 'refused' && REMARK_REFUSALS.has(result.reason)) {
      // The reason goes next to the field, with the remark put back as typed.
      const view = checkInView(deps, scope.t, result.placement, result.round, 'student');
      const remark = data.remark ?? '';
      return {
        card: agreementCard(fitsOnCard(remark) ? view : { ...view, notice: withDroppedDraft(view) }, {
          remark: fitsOnCard(remark) ? remark : '',
          remarkError: scope.t(`notice_${result.reason}` as 'notice_remark_required', result.detail),
        }),
      };
    }
    return agreementResultReply(scope, deps, result, 'student', notice);
  },
});
