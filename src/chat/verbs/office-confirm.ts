import { confirmOfficeAction } from '../../services/office/office-actions';
import { confirmedCard } from '../office-views';
import { officeIdPayload } from '../payload-parts';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The BPV office confirms an erase or a rebind. */
export const officeConfirm = defineOfficeVerb({
  name: Verb.officeConfirm,
  payload: officeIdPayload,
  async handle(turn, { id }, deps) {
    return { card: confirmedCard(await confirmOfficeAction(id, turn.aadObjectId, turn.now, deps.actions)) };
  },
});
