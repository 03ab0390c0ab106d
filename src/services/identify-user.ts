import type { Membership, RoleBinder, RoleFinder, RoleRef, UserBindings } from './account-ports';
import { RoleTakenError } from './errors';

export type { Membership };

/** What recognising a user needs from storage. */
export interface IdentifyUserDeps {
  readonly users: Pick<UserBindings, 'get' | 'save'>;
  readonly placements: RoleFinder & Pick<RoleBinder, 'bind'>;
}

export interface IdentifiedUser {
  readonly aadObjectId: string;
  readonly memberships: readonly Membership[];
  /** True the first time this Entra id is seen: the bot greets instead of answering curtly. */
  readonly firstContact: boolean;
  /** False when Teams gave no e-mail address to look up. */
  readonly lookedUp: boolean;
  /**
   * Roles this user's address matched that are bound to another account (a guest or shared
   * mailbox with the same mail, or an old account): refused, and nothing of them is shown.
   */
  readonly refused: readonly RoleRef[];
}

type Outcome = { membership: Membership } | { refused: RoleRef } | undefined;

const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Finds the placements of whoever is writing: by the e-mail hash bound to their Entra id, or,
 * the first time, when nothing matched, or once a day, by the addresses Teams reports for them.
 * Each matching role that is not yet bound gets the Entra id recorded so proactive messages can
 * reach them; a role bound to another Entra id is refused, never taken over.
 */
export async function identifyUser(
  input: { aadObjectId: string; lookupAddresses: () => Promise<string[]>; now: Date },
  deps: IdentifyUserDeps,
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
    // Without a match, remember the primary address (a later import for it is then found at once),
    // but never in place of a binding that still finds this person's roles.
    const remembered = matched ?? (memberships.length === 0 ? addresses[0] : undefined);
    if (remembered) await deps.users.save(aadObjectId, remembered, now);
  }
  const outcomes = await Promise.all(
    memberships.map(async ({ placement, role }): Promise<Outcome> => {
      const holder = placement[role].aadObjectId;
      if (holder === aadObjectId) return { membership: { placement, role } };
      const refused = { refused: { placementId: placement.id, role } };
      if (holder) return refused;
      try {
        const bound = await deps.placements.bind(placement.id, role, aadObjectId);
        return bound ? { membership: { placement: bound, role } } : undefined;
      } catch (error) {
        // Another account bound it a moment ago.
        if (error instanceof RoleTakenError) return refused;
        throw error;
      }
    }),
  );
  return {
    aadObjectId,
    memberships: outcomes.flatMap((o) => (o && 'membership' in o ? [o.membership] : [])),
    firstContact: !binding,
    lookedUp,
    refused: outcomes.flatMap((o) => (o && 'refused' in o ? [o.refused] : [])),
  };
}
