import { linkCard } from '../office-queries';
import { officeIdPayload } from '../payload-parts';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The BPV office asks for the report of a preview's refused rows. */
export const officeReport = defineOfficeVerb({
  name: Verb.officeReport,
  payload: officeIdPayload,
  async handle(turn, { id }, deps) {
    return { card: await linkCard(turn, { kind: 'report', previewId: id }, deps) };
  },
});
