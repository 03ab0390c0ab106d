import { z } from 'zod';
import { saveQualification as storeQualification } from '../../services/qualification-forms';
import { qualificationFromPayload, qualificationSavedCard } from '../qualification-views';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/**
 * **Opslaan** on a qualification preview: only for the BPV office; stores exactly what the card
 * showed, once, and refuses a preview that a newer stored version overtook.
 */
export const saveQualification = defineVerb({
  name: Verb.saveQualification,
  // The previewed qualification, gzip and base64 (a card stays small); parsed again before it is stored.
  payload: z.object({
    q: z.string().min(1).max(200_000),
    b: z.number().int().min(0).max(999_998),
    d: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  pressedBy: 'the office',
  async handle(scope, data, deps) {
    const forms = deps.qualificationForms;
    if (!forms || !(await forms.isOfficeMember(scope.aadObjectId))) {
      return { card: qualificationSavedCard(scope.t, { kind: 'notOffice' }) };
    }
    const qualification = qualificationFromPayload(data);
    if (qualification === undefined) return { card: qualificationSavedCard(scope.t, { kind: 'invalid' }) };
    const outcome = await storeQualification(forms, {
      qualification,
      basedOn: data.b,
      digest: data.d,
      now: scope.now,
    });
    return { card: qualificationSavedCard(scope.t, outcome) };
  },
});
