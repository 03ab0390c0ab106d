import { z } from 'zod';
import type { QualificationCatalog } from '../qualifications/catalog';
import { readVersion, type VersionStore } from '../services/agreement-versions';
import { type CheckInScope, NotYoursError, type Reply } from './check-in-handlers';
import { versionCard } from './version-views';
import { messageCard, navigationActions } from './views';

/** The payload of a version button on the status card. */
export const versionPayload = z.object({
  p: z.string().regex(/^[0-9a-f]{32}$/),
  r: z.number().int().min(1).max(99),
  v: z.number().int().min(1).max(9999),
});

/**
 * Shows one stored version of a placement's agreed list, read-only, to the student, trainer or
 * supervisor of that placement; anyone else gets the "not yours" card.
 */
export async function showVersion(
  deps: { rounds: VersionStore; qualifications: QualificationCatalog },
  scope: CheckInScope,
  data: z.infer<typeof versionPayload>,
): Promise<Reply> {
  const { t } = scope;
  const membership = scope.memberships.find((m) => m.placement.id === data.p);
  if (!membership) throw new NotYoursError('student');
  const q = deps.qualifications.require(membership.placement.qualificationId);
  const shown = await readVersion(deps, { placementId: data.p, round: data.r, version: data.v }, q);
  if (!shown) {
    return {
      card: messageCard(
        t('version_not_found_title'),
        [t('version_not_found_text')],
        navigationActions(t, ['status']),
        'warning',
      ),
    };
  }
  return { card: versionCard(t, deps.qualifications.require(shown.version.header.qualificationId), shown) };
}
