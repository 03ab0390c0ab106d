import { z } from 'zod';
import { markdownParams } from '../../domain/text';
import { settleAgreement } from '../../services/check-in/settle-agreement';
import { agreementCard } from '../agreement-card';
import { agreementResultReply, fieldsWithPrefix, pickDefined } from '../agreement-replies';
import type { Notice } from '../check-in-view';
import { longText, partPayload } from '../payload-parts';
import { fitsOnCard, withDroppedDraft } from '../round-replies';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/**
 * The trainer settles the agreed list. A level is a short code from a choice set; a long one is a
 * tampered card, and a refusal would draw it back onto the card.
 */
export const settle = defineVerb({
  name: Verb.settle,
  payload: partPayload
    .extend({ role: z.literal('trainer') })
    .catchall(longText)
    .refine((data) =>
      Object.entries(data).every(([key, value]) => !key.startsWith('lvl_') || String(value).length <= 20),
    ),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
    const levels = fieldsWithPrefix(data, 'lvl_');
    const texts = fieldsWithPrefix(data, 'txt_');
    const result = await settleAgreement(deps, scope, {
      placementId: data.p,
      round: data.r,
      rev: data.v,
      levels,
      texts,
    });
    const notice: Notice = {
      text: scope.t('notice_settled', markdownParams({ student: result.placement.student.name })),
      style: 'good',
    };
    return agreementResultReply(scope, deps, result, 'trainer', notice, (view) => {
      // A text too large to put back on the card shows what is stored, and the notice says so.
      const shown = Object.fromEntries(
        Object.entries(texts).map(([code, text]) => [
          code,
          text !== undefined && !fitsOnCard(text) ? view.round.agreement?.texts[code] : text,
        ]),
      );
      const dropped = Object.values(texts).some((text) => text !== undefined && !fitsOnCard(text));
      return agreementCard(dropped ? { ...view, notice: withDroppedDraft(view) } : view, {
        agreement: { levels: pickDefined(levels), texts: pickDefined(shown) },
      });
    });
  },
});
