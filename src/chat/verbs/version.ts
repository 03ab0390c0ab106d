import { z } from 'zod';
import { viewVersion } from '../../services/agreement-versions';
import { placementId, roundNumber, versionNumber } from '../payload-parts';
import { defineVerb } from '../verb-entry';
import { Verb } from '../verbs';
import { versionCard } from '../version-views';
import { versionNotFoundCard } from '../views';

/** One stored version of a placement's agreed list, read-only, for the three people of that placement. */
export const version = defineVerb({
  name: Verb.version,
  payload: z.object({ p: placementId, r: roundNumber, v: versionNumber }),
  pressedBy: 'the people of a placement',
  async handle(scope, data, deps) {
    const { t } = scope;
    const shown = await viewVersion(deps, scope, { placementId: data.p, round: data.r, version: data.v });
    if (!shown) {
      return { card: versionNotFoundCard(t) };
    }
    return { card: versionCard(t, await deps.qualifications.forPlacement(shown.version.header), shown) };
  },
});
