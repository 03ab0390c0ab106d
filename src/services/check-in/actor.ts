import type { AuditEvent } from '../../domain/audit';
import type { Placement, Role } from '../../domain/placement';
import { NotYoursError } from '../errors';
import type { Membership } from '../identify-user';
import type { RoundHolder, StoredRound } from './ports';

/** Who acts, in which placements and roles, and when. */
export interface Actor {
  readonly aadObjectId: string;
  readonly memberships: readonly Membership[];
  readonly now: Date;
  /**
   * The round a card action names, when it was read to check who acts: the action starts from it
   * instead of reading it again.
   */
  readonly seen?: StoredRound;
}

/** The placement when the actor holds `role` in it; {@link NotYoursError} otherwise. */
export function holding(actor: Actor, placementId: string, role: Role): Placement {
  const found = actor.memberships.find((m) => m.placement.id === placementId && m.role === role);
  if (!found) throw new NotYoursError(role);
  return found.placement;
}

/**
 * Round `number` of `placement`, for an action in `role`: with the read of it the actor's check
 * made, if any, and the role's binding as that check found it, which every later read of the round
 * (after a concurrent write) must still show, so a role released and bound to someone else
 * meanwhile is refused, not acted for.
 */
export function roundFor(
  actor: Actor,
  number: number,
  placement: Placement,
  role: Role,
): { readonly number: number; readonly read?: StoredRound; readonly holder: RoundHolder } {
  const holder = { role, aadObjectId: placement[role].aadObjectId };
  return actor.seen ? { number, read: actor.seen, holder } : { number, holder };
}

/** An audit line for something the actor did in `role`. */
export function auditEvent(
  actor: Actor,
  role: Role,
  event: AuditEvent['event'],
  round: number,
  detail?: Record<string, string | number>,
): AuditEvent {
  return {
    at: actor.now.toISOString(),
    actorRole: role,
    actorId: actor.aadObjectId,
    event,
    round,
    ...(detail ? { detail } : {}),
  };
}
