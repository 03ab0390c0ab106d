import type { CoordinatorAccount, CoordinatorDirectory } from './coordinator-ports';

const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Whether whoever is writing is a BPV coordinator: an Entra id recognised before (checked again
 * once a day), or one of the addresses Teams reports for them named as `coordinator_email` in a
 * placement and not bound to another account. A recognised id is remembered, so the sweep can reach them with proactive messages.
 */
export async function recogniseCoordinator(
  input: { aadObjectId: string; lookupAddresses: () => Promise<string[]>; now: Date },
  deps: { coordinators: CoordinatorDirectory },
): Promise<CoordinatorAccount | undefined> {
  const { aadObjectId, now } = input;
  const known = await deps.coordinators.account(aadObjectId);
  if (known && now.getTime() - Date.parse(known.boundAt) <= REFRESH_AFTER_MS) return known;
  const addresses = await input.lookupAddresses();
  for (const address of addresses) {
    if (!(await deps.coordinators.isCoordinator(address))) continue;
    // One account per address: a second account with the same mail (a guest, a shared mailbox, an
    // old account) is refused until `koppelen` moves the address.
    if (await deps.coordinators.claimAddress(address, aadObjectId, now))
      return deps.coordinators.saveAccount(aadObjectId, address, now);
  }
  // Without an answer from Teams the earlier recognition stands; with one, it no longer holds.
  if (known && addresses.length === 0) return known;
  if (known) await deps.coordinators.forgetAccount(aadObjectId);
  return undefined;
}
