import { z } from 'zod';
import { confirmAgreement } from '../../services/check-in/confirm-agreement';
import { agreementResultReply } from '../agreement-replies';
import { partPayload } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The student agrees with the settled list. */
export const confirm = defineVerb({
  name: Verb.confirm,
  payload: partPayload.extend({ role: z.literal('student') }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
    const result = await confirmAgreement(deps, scope, { placementId: data.p, round: data.r, rev: data.v });
    return agreementResultReply(scope, deps, result, 'student', {
      text: scope.t('notice_confirmed'),
      style: 'good',
    });
  },
});
