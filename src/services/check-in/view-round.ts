import type { CheckInRound } from '../../domain/check-in';
import type { Placement, Role } from '../../domain/placement';
import type { ChangesSinceVersion } from '../agreement-versions';
import { type Progression, roundHistory } from '../progression';
import type { Actor } from './actor';
import type { CheckInDeps } from './ports';

/** A round as one of the placement's people sees it. */
export interface RoundSeen {
  readonly placement: Placement;
  readonly round: CheckInRound;
  readonly role: Role;
  /** What the version on the supervisor's summary changed since the one before it. */
  readonly changes?: ChangesSinceVersion;
  /** The previous round's agreed levels and what a revised list changes, for the list's columns. */
  readonly progression?: Progression;
}

/**
 * A round of a placement the actor belongs to, in the actor's role there (as a student or trainer
 * before as supervisor); undefined when the actor is not one of its people or the round does not
 * exist. Reads only: for a card that shows the round as it is now.
 */
export async function viewRound(
  deps: CheckInDeps,
  actor: Actor,
  command: { readonly placementId: string; readonly round: number },
): Promise<RoundSeen | undefined> {
  const roles = (['student', 'trainer', 'supervisor'] as const).filter((role) =>
    actor.memberships.some((m) => m.placement.id === command.placementId && m.role === role),
  );
  const role = roles[0];
  const placement = actor.memberships.find((m) => m.placement.id === command.placementId)?.placement;
  if (!role || !placement) return undefined;
  const round = (await deps.rounds.get(placement.id, command.round))?.round;
  if (!round) return undefined;
  return {
    placement,
    round,
    role,
    ...(await roundHistory(deps, round, await deps.qualifications.forPlacement(placement))),
  };
}
