import { z } from 'zod';
import { requestAgreementChanges } from '../../services/check-in/decide-agreement';
import { decisionReply } from '../decision-replies';
import { longText, placementId, roundNumber } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The supervisor asks for changes, with a remark. */
export const requestChanges = defineVerb({
  name: Verb.requestChanges,
  payload: z.object({
    p: placementId,
    r: roundNumber,
    version: z.number().int().min(1),
    remark: longText.optional(),
  }),
  pressedBy: { role: 'supervisor' },
  async handle(scope, data, deps) {
    const result = await requestAgreementChanges(deps, scope, {
      placementId: data.p,
      round: data.r,
      version: data.version,
      remark: data.remark ?? '',
    });
    return decisionReply(
      scope,
      deps,
      result,
      { text: scope.t('notice_changes_requested'), style: 'good' },
      data.remark ?? '',
    );
  },
});
