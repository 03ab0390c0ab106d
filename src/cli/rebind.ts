import { rebindAccount } from '../services/rebind-account';
import { CoordinatorRepository } from '../storage/coordinator-repository';
import { PlacementRepository } from '../storage/placement-repository';
import type { TableStore } from '../storage/table-store';
import { UserRepository } from '../storage/user-repository';

type Out = (line: string) => void;

/**
 * `rebind <email>`: the person behind this address got a new account. Prints what changed as
 * counts and placement ids, never names.
 */
export async function runRebind(
  email: string,
  store: TableStore,
  now: Date,
  out: Out,
  err: Out,
): Promise<number> {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
    err('Geef een geldig e-mailadres op: npm run placements -- rebind <e-mailadres>');
    return 2;
  }
  const report = await rebindAccount(email, now, {
    placements: new PlacementRepository(store),
    users: new UserRepository(store),
    coordinators: new CoordinatorRepository(store),
  });
  for (const { placementId, role } of report.released) out(`ontkoppeld: stage ${placementId}, rol ${role}`);
  out(
    `rollen ontkoppeld: ${report.released.length}, nog niet gekoppeld: ${report.unbound}, accounts vergeten: ${report.forgottenUsers}`,
  );
  if (report.coordinatorReleased) out('coördinator: het account is ontkoppeld');
  if (report.released.length + report.unbound === 0 && !report.coordinatorReleased) {
    err('Dit adres heeft geen rol in een stage.');
    return 1;
  }
  out('Het eerstvolgende Teams-account dat met dit adres de bot een bericht stuurt, wordt eraan gekoppeld.');
  return 0;
}
