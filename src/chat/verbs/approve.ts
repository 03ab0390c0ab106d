import { z } from 'zod';
import { approveAgreement } from '../../services/check-in/decide-agreement';
import { decisionReply } from '../decision-replies';
import { placementId, roundNumber } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The supervisor approves the submitted version. */
export const approve = defineVerb({
  name: Verb.approve,
  payload: z.object({ p: placementId, r: roundNumber, version: z.number().int().min(1) }),
  pressedBy: { role: 'supervisor' },
  async handle(scope, data, deps) {
    const result = await approveAgreement(deps, scope, {
      placementId: data.p,
      round: data.r,
      version: data.version,
    });
    return decisionReply(scope, deps, result, { text: scope.t('notice_approved'), style: 'good' });
  },
});
