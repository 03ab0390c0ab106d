import type { ReachabilityStore, RoundStore } from '../services/check-in/ports';
import { coordinatorOverview, type OverviewRules } from '../services/coordinator-overview';
import type { CoordinatorDirectory } from '../services/coordinator-ports';
import { recogniseCoordinator } from '../services/identify-coordinator';
import type { Command } from './commands';
import { coordinatorOnlyCard, coordinatorOverviewCard, coordinatorWelcomeCard } from './coordinator-views';
import type { Reply } from './reply';
import type { RouteScope } from './route-scope';

/** What the coordinator's commands work through. */
export interface CoordinatorDeps {
  readonly coordinators: CoordinatorDirectory;
  readonly rounds: Pick<RoundStore, 'list'>;
  /** Who can be reached: the overview names who cannot. */
  readonly conversations?: ReachabilityStore;
  /** Working days, time zone and rungs: the reminder settings the ladder follows. */
  readonly ladder: OverviewRules;
}

/** The turn as the coordinator's commands see it: who, and how to ask Teams for their addresses. */
export interface CoordinatorScope extends RouteScope {
  readonly lookupAddresses: () => Promise<string[]>;
}

/**
 * The answer for a coordinator, or for `overzicht` from someone who is not one; undefined when the
 * turn is not about the coordinator role (the other commands answer it). Someone with roles of
 * their own is looked up as a coordinator only for `overzicht`, so their other turns cost nothing.
 */
export async function coordinatorReply(
  scope: CoordinatorScope,
  command: Command | undefined,
  deps: CoordinatorDeps,
): Promise<Reply | undefined> {
  const hasRoles = scope.memberships.length > 0;
  if (command === 'help' || (hasRoles && command !== 'overview')) return undefined;
  const account = await recogniseCoordinator(
    { aadObjectId: scope.aadObjectId, lookupAddresses: scope.lookupAddresses, now: scope.now },
    deps,
  );
  if (!account) {
    if (command !== 'overview') return undefined;
    // A supervisor's `overzicht` is their caseload.
    return hasRoles ? undefined : { card: coordinatorOnlyCard(scope.t) };
  }
  const overview = await coordinatorOverview(deps, account.emailKey, scope.now, deps.ladder);
  if (command === 'overview' || command === 'status' || command === 'start') {
    return { card: coordinatorOverviewCard(scope.t, overview, deps.ladder, 'overview') };
  }
  return { card: coordinatorWelcomeCard(scope.t, overview.placements) };
}
