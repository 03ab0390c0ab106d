import { viewVersion } from '../services/agreement-versions';
import type { Payload } from './payloads';
import type { Reply } from './reply';
import type { RouteDeps, RouteScope } from './route-scope';
import { versionCard } from './version-views';
import { versionNotFoundCard } from './views';

/** One stored version of a placement's agreed list, read-only, for the three people of that placement. */
export async function versionRoute(
  scope: RouteScope,
  data: Payload<'version'>,
  deps: RouteDeps,
): Promise<Reply> {
  const { t } = scope;
  const shown = await viewVersion(deps, scope, { placementId: data.p, round: data.r, version: data.v });
  if (!shown) {
    return { card: versionNotFoundCard(t) };
  }
  return { card: versionCard(t, await deps.qualifications.forPlacement(shown.version.header), shown) };
}
