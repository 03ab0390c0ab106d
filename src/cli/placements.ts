import { localDate, retentionCutoff } from '../domain/privacy';
import { PlacementRepository } from '../storage/placement-repository';
import { runAsMain, withCliStorage } from './cli-storage';
import { importFile } from './import-file';
import { PRIVACY_USAGE, privacyCommands } from './privacy-commands';
import { runRebind } from './rebind';

const USAGE = `Gebruik:
  npm run placements -- import <bestand.csv> [--coordinators <coordinatoren.csv>]
                                               stages inlezen (opnieuw inlezen verandert niets);
                                               coordinatoren.csv: supervisor_email,coordinator_email
                                               voor rijen zonder coordinator_email
  npm run placements -- list                   alle stages tonen
  npm run placements -- rebind <e-mailadres>   koppeling aan het Teams-account opheffen (nieuw account)
${PRIVACY_USAGE}`;

type Out = (line: string) => void;

/**
 * The coordinator's command. Uses STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_NAME when set, else the local Azurite of
 * `npm start` (started for the duration of the command when it is not running).
 */
export async function runPlacementsCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const [command, file, option, coordinators] = args;
  const privacy = command ? privacyCommands[command] : undefined;
  if (privacy) return privacy(args.slice(1), env, out, err);
  if (command !== 'import' && command !== 'list' && command !== 'rebind') {
    err(USAGE);
    return 2;
  }
  if (command === 'import' && !file) {
    err(`Geef het CSV-bestand op.\n${USAGE}`);
    return 2;
  }
  if (command === 'import' && option !== undefined && (option !== '--coordinators' || !coordinators)) {
    err(`Na het bestand kan alleen --coordinators <coordinatoren.csv> komen.\n${USAGE}`);
    return 2;
  }
  if (command === 'rebind' && !file) {
    err(`Geef het e-mailadres op.\n${USAGE}`);
    return 2;
  }
  return withCliStorage(env, err, async ({ store, config }) => {
    if (command === 'rebind') return runRebind(file as string, store, new Date(), out, err);
    const placements = new PlacementRepository(store);
    if (command === 'list') {
      let count = 0;
      for await (const p of placements.listAll()) {
        count += 1;
        out(
          [
            p.startDate,
            p.endDate,
            p.qualificationId,
            p.company,
            p.student.name,
            p.trainer.name,
            p.supervisor.name,
          ].join(' | '),
        );
      }
      out(`${count} stage(s)`);
      return 0;
    }
    const today = localDate(new Date(), config.reminders.timeZone);
    const keptFrom = retentionCutoff(today, config.retentionMonths);
    return importFile(file as string, store, out, err, keptFrom, coordinators);
  });
}

if (require.main === module) runAsMain(runPlacementsCli);
