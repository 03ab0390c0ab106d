import { z } from 'zod';
import { reopenAgreement } from '../../services/check-in/reopen-agreement';
import { agreementResultReply } from '../agreement-replies';
import { partPayload } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The trainer reopens an approved list, which withdraws the approval. */
export const reopen = defineVerb({
  name: Verb.reopen,
  payload: partPayload.extend({ role: z.literal('trainer') }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
    const result = await reopenAgreement(deps, scope, { placementId: data.p, round: data.r, rev: data.v });
    return agreementResultReply(scope, deps, result, 'trainer', {
      text: scope.t('notice_reopened'),
      style: 'warning',
    });
  },
});
