import type { AuditEvent } from '../domain/audit';
import type { Role } from '../domain/placement';
import type { RoleBinder, RoleFinder, UserBindings } from './account-ports';
import type { CoordinatorDirectory } from './coordinator-ports';

/** Who released a binding, in the audit trail: the coordinator's command, not a person's account. */
export const COORDINATOR_ACTOR_ID = 'placements-command';

/** What `rebind` changed: ids and counts only, fit for a terminal and a log. */
export interface RebindReport {
  /** Roles whose Entra binding was cleared. */
  readonly released: readonly { placementId: string; role: Role }[];
  /** Roles the address holds that were not bound to any account yet. */
  readonly unbound: number;
  /** Entra ids no longer recognised as this address. */
  readonly forgottenUsers: number;
  /** Whether an account held the address as coordinator and was released. */
  readonly coordinatorReleased: boolean;
}

/** What a rebind needs from storage. */
export interface RebindDeps {
  readonly placements: Pick<RoleFinder, 'rolesForEmail'> & Pick<RoleBinder, 'unbind'>;
  readonly users: Pick<UserBindings, 'forgetEmail'>;
  readonly coordinators: Pick<CoordinatorDirectory, 'releaseAddress'>;
}

/**
 * The legitimate move of a person to a new account: every role held by `email` loses its Entra
 * binding (with an `account_unlinked` event in that placement's audit trail) and no account is
 * recognised as that address any more, so the next account that writes to the bot with it is
 * bound. A coordinator address is released the same way. Running it again changes nothing more.
 */
export async function rebindAccount(
  email: string,
  now: Date,
  deps: RebindDeps,
  /** Who asked, in the audit trail: the command, or the office member's Entra id. */
  actorId: string = COORDINATOR_ACTOR_ID,
): Promise<RebindReport> {
  const released: { placementId: string; role: Role }[] = [];
  let unbound = 0;
  for (const { placement, role } of await deps.placements.rolesForEmail(email)) {
    const event: AuditEvent = {
      at: now.toISOString(),
      actorRole: 'system',
      actorId,
      event: 'account_unlinked',
      round: 0,
      detail: { role },
    };
    const previous = await deps.placements.unbind(placement.id, role, event);
    if (previous) released.push({ placementId: placement.id, role });
    else unbound += 1;
  }
  const forgottenUsers = await deps.users.forgetEmail(email);
  const coordinatorReleased = (await deps.coordinators.releaseAddress(email)) !== undefined;
  return { released, unbound, forgottenUsers, coordinatorReleased };
}
