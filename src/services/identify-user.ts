import type { Placement, Role } from '../domain/placement';
import type { PlacementRepository } from '../storage/placement-repository';
import type { UserRepository } from '../storage/user-repository';

/** A role the user holds in one placement. */
export interface Membership {
  readonly placement: Placement;
  readonly role: Role;
}

export interface IdentifiedUser {
  readonly aadObjectId: string;
  readonly memberships: readonly Membership[];
  /** True the first time this Entra id is seen: the bot greets instead of answering curtly. */
  readonly firstContact: boolean;
  /** False when Teams gave no e-mail address to look up. */
  readonly lookedUp: boolean;
}

const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Finds the placements of whoever is writing: by the e-mail hash bound to their Entra id, or,
 * the first time, when nothing matched, or once a day, by the addresses Teams reports for them.
 * Each matching role gets the Entra id recorded so proactive messages can reach them.
 */
export async function identifyUser(
  input: { aadObjectId: string; lookupAddresses: () => Promise<string[]>; now: Date },
  deps: { users: UserRepository; placements: PlacementRepository },
): Promise<IdentifiedUser> {
  const { aadObjectId, now } = input;
  const binding = await deps.users.get(aadObjectId);
  let memberships: Membership[] = binding ? await deps.placements.rolesForEmailKey(binding.emailKey) : [];
  let lookedUp = true;
  const stale = !binding || now.getTime() - Date.parse(binding.boundAt) > REFRESH_AFTER_MS;
  if (memberships.length === 0 || stale) {
    const addresses = await input.lookupAddresses();
    lookedUp = addresses.length > 0 || memberships.length > 0;
    let matched: string | undefined;
    for (const address of addresses) {
      const found = await deps.placements.rolesForEmail(address);
      if (found.length > 0) {
        matched = address;
        memberships = found;
        break;
      }
    }
    // Without a match, remember the primary address: a later import for it is then found at once.
    const remembered = matched ?? addresses[0];
    if (remembered) await deps.users.save(aadObjectId, remembered, now);
  }
  const bound = await Promise.all(
    memberships.map(async (membership) => {
      if (membership.placement[membership.role].aadObjectId === aadObjectId) return membership;
      const placement = await deps.placements.bind(membership.placement.id, membership.role, aadObjectId);
      return placement ? { placement, role: membership.role } : undefined;
    }),
  );
  return {
    aadObjectId,
    memberships: bound.filter((m): m is Membership => m !== undefined),
    firstContact: !binding,
    lookedUp,
  };
}
