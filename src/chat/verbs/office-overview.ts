import { z } from 'zod';
import { overviewCard } from '../office-queries';
import { defineOfficeVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** The BPV office's overview, drawn anew. */
export const officeOverview = defineOfficeVerb({
  name: Verb.officeOverview,
  payload: z.unknown(),
  async handle(turn, _data, deps) {
    return { card: await overviewCard(turn, deps) };
  },
});
