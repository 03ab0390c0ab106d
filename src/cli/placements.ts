import { localDate, retentionCutoff } from '../domain/privacy';
import type { GraphAccess } from '../graph/graph-connection';
import { listPlacements } from '../services/placement-list';
import { runAsMain, withCliStorage } from './cli-storage';
import { importFile } from './import-file';
import { installAppOff, runInstallApp } from './install-app';
import { PRIVACY_USAGE, privacyCommands } from './privacy-commands';
import { runRebind } from './rebind';

const USAGE = `Gebruik:
  npm run placements -- import <bestand.csv> [--coordinators <coordinatoren.csv>]
                                               stages inlezen (opnieuw inlezen verandert niets);
                                               coordinatoren.csv: supervisor_email,coordinator_email
                                               voor rijen zonder coordinator_email
  npm run placements -- list                   alle stages tonen
  npm run placements -- rebind <e-mailadres>   koppeling aan het Teams-account opheffen (nieuw account)
  npm run placements -- install-app [--dry-run] de Teams-app installeren voor wie nog geen gesprek heeft
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
  /** A Graph credential instead of the configured identity (a stand-in Graph). */
  graph?: GraphAccess,
): Promise<number> {
  const [command, file, option, coordinators] = args;
  const privacy = command ? privacyCommands[command] : undefined;
  if (privacy) return privacy(args.slice(1), env, out, err);
  const installApp = command === 'install-app';
  if (installApp && args.slice(1).some((arg) => arg !== '--dry-run')) {
    err(`Onbekende optie voor install-app: ${args.slice(1).join(' ')}\n${USAGE}`);
    return 2;
  }
  if (command !== 'import' && command !== 'list' && command !== 'rebind' && !installApp) {
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
  return withCliStorage(env, err, async (context) => {
    const { config } = context;
    if (command === 'rebind') return runRebind(file as string, context.accounts, new Date(), out, err);
    if (installApp)
      return runInstallApp(
        context.appInstall,
        config,
        { dryRun: file === '--dry-run', access: graph },
        out,
        err,
      );
    if (command === 'list') {
      let count = 0;
      for await (const p of listPlacements(context)) {
        count += 1;
        out(
          [
            p.startDate,
            p.endDate,
            p.qualificationId,
            p.company,
            p.studentName,
            p.trainerName,
            p.supervisorName,
          ].join(' | '),
        );
      }
      out(`${count} stage(s)`);
      return 0;
    }
    const today = localDate(new Date(), config.reminders.timeZone);
    const keptFrom = retentionCutoff(today, config.retentionMonths);
    const imported = await importFile(file as string, context, out, err, keptFrom, coordinators);
    // With the app's catalog id set, everyone without a chat with the bot gets the app right away.
    if (imported === 2 || !config.graph.teamsAppCatalogId) return imported;
    const off = installAppOff(config);
    if (off) {
      err(off);
      return imported;
    }
    return Math.max(
      imported,
      await runInstallApp(context.appInstall, config, { dryRun: false, access: graph }, out, err),
    );
  });
}

if (require.main === module) runAsMain(runPlacementsCli);
