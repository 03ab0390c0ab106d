import { type RebindDeps, rebindAccount } from '../services/rebind-account';

type Out = (line: string) => void;

/**
 * `rebind <email>`: the person behind this address got a new account. Prints what changed as
 * counts and placement ids, never names.
 */
export async function runRebind(
  email: string,
  accounts: RebindDeps,
  now: Date,
  out: Out,
  err: Out,
): Promise<number> {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
    err('Geef een geldig e-mailadres op: npm run placements -- rebind <e-mailadres>');
    return 2;
  }
  const report = await rebindAccount(email, now, accounts);
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
