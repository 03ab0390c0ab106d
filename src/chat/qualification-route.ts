import { saveQualification } from '../services/qualification-forms';
import type { Payload } from './payloads';
import { qualificationFromPayload, qualificationSavedCard } from './qualification-views';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';

/**
 * **Opslaan** on a qualification preview: only for the BPV office; stores exactly what the card
 * showed, once, and refuses a preview that a newer stored version overtook.
 */
export async function saveQualificationRoute(
  scope: RouteScope,
  data: Payload<'saveQualification'>,
  deps: RouteDeps,
): Promise<Reply> {
  const forms = deps.qualificationForms;
  if (!forms || !(await forms.isOfficeMember(scope.aadObjectId))) {
    return { card: qualificationSavedCard(scope.t, { kind: 'notOffice' }) };
  }
  const qualification = qualificationFromPayload(data);
  if (qualification === undefined) return { card: qualificationSavedCard(scope.t, { kind: 'invalid' }) };
  const outcome = await saveQualification(forms, {
    qualification,
    basedOn: data.b,
    digest: data.d,
    now: scope.now,
  });
  return { card: qualificationSavedCard(scope.t, outcome) };
}
