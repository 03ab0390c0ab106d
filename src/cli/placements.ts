import { PlacementRepository } from '../storage/placement-repository';
import { runAsMain, withCliStorage } from './cli-storage';
import { importFile } from './import-file';

const USAGE = `Gebruik:
  npm run placements -- import <bestand.csv>   stages inlezen (opnieuw inlezen verandert niets)
  npm run placements -- list                   alle stages tonen`;

type Out = (line: string) => void;

/**
 * The coordinator's command. Uses STORAGE_CONNECTION_STRING when set, else the local Azurite of
 * `npm start` (started for the duration of the command when it is not running).
 */
export async function runPlacementsCli(
  args: string[],
  env: Record<string, string | undefined>,
  out: Out,
  err: Out,
): Promise<number> {
  const [command, file] = args;
  if (command !== 'import' && command !== 'list') {
    err(USAGE);
    return 2;
  }
  if (command === 'import' && !file) {
    err(`Geef het CSV-bestand op.\n${USAGE}`);
    return 2;
  }
  return withCliStorage(env, err, async ({ store }) => {
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
    return importFile(file as string, store, out, err);
  });
}

if (require.main === module) runAsMain(runPlacementsCli);
