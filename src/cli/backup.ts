// First: telemetry instruments http and the Azure SDK as they are loaded.
import '../telemetry-start';
import { RestoreRefusedError, restoreBackup } from '../services/backups';
import { runAsMain, withCliStorage } from './cli-storage';

export const BACKUP_USAGE = `Gebruik:
  npm run backup -- now                                  nu een back-up van alle tabellen maken
  npm run backup -- list                                 de back-ups, nieuwste eerst, één per regel
  npm run backup -- restore <back-up> [--into <account>] een back-up terugzetten in lege tabellen
                                                         (standaard dit opslagaccount; <account> is een
                                                         accountnaam of een connection string)`;

type Out = (line: string) => void;

/**
 * The operator's backup command. `now` makes a backup of every table in the account's blob
 * container, `list` prints the finished ones newest first, `restore` puts one back into empty
 * tables (of this account or another) and then erases again whoever was erased since.
 */
export async function runBackupCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'now' && command !== 'list' && command !== 'restore') {
    err(BACKUP_USAGE);
    return 2;
  }
  let id: string | undefined;
  let into: string | undefined;
  if (command === 'restore') {
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i] as string;
      if (arg === '--into') into = rest[++i];
      else if (!arg.startsWith('--') && id === undefined) id = arg;
      else {
        err(`Onbekende optie: ${arg}\n${BACKUP_USAGE}`);
        return 2;
      }
    }
    if (!id || (rest.includes('--into') && !into)) {
      err(`Geef de back-up op (zie npm run backup -- list).\n${BACKUP_USAGE}`);
      return 2;
    }
  } else if (rest.length > 0) {
    err(BACKUP_USAGE);
    return 2;
  }
  return withCliStorage(env, err, async (context) => {
    const backups = context.backups();
    if (command === 'now') {
      const started = Date.now();
      const manifest = await backups.backup(new Date());
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      out(manifest.id);
      err(
        `back-up ${manifest.id}: ${rows} rijen in ${manifest.tables.length} tabellen, ${Date.now() - started} ms`,
      );
      return 0;
    }
    if (command === 'list') {
      for (const manifest of await backups.list()) out(manifest.id);
      return 0;
    }
    const target = context.restoreTarget(into);
    try {
      const started = Date.now();
      const result = await restoreBackup(id as string, backups, target.tables, target.erasure);
      const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
      out(`teruggezet: ${id}, ${rows} rijen in ${result.tables.length} tabellen, ${Date.now() - started} ms`);
      out(`opnieuw gewist na het terugzetten: ${result.reErased} persoon/personen`);
      return 0;
    } catch (error) {
      if (!(error instanceof RestoreRefusedError)) throw error;
      err(
        error.reason === 'unknown_backup'
          ? `Back-up '${id}' bestaat niet (zie npm run backup -- list).`
          : `Niet teruggezet: deze tabellen zijn niet leeg: ${error.tables.join(', ')}. Een back-up gaat alleen in een leeg account.`,
      );
      return 1;
    }
  });
}

if (require.main === module) runAsMain(runBackupCli);
