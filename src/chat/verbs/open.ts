import { z } from 'zod';
import { openCheckIn } from '../../services/check-in/open-check-in';
import { resumeCard } from '../part-replies';
import { placementId } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';

/** Open the check-in of one placement (a trainer with several students picks one). */
export const open = defineVerb({
  name: Verb.open,
  payload: z.object({ p: placementId, role: z.enum(['student', 'trainer']) }),
  pressedBy: 'the role in its payload',
  async handle(scope, data, deps) {
    return resumeCard(scope, deps, await openCheckIn(deps, scope, { placementId: data.p, role: data.role }));
  },
});
