import { z } from 'zod';
import { linkCard } from '../office-queries';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The BPV office asks for its overview as CSV. */
export const officeOverviewCsv = defineOfficeVerb({
  name: Verb.officeOverviewCsv,
  payload: z.unknown(),
  async handle(turn, _data, deps) {
    return { card: await linkCard(turn, { kind: 'overview' }, deps) };
  },
});
