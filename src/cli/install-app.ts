import type { Config } from '../config';
import type { Role } from '../domain/placement';
import { createGraphClient, type GraphAccess } from '../graph/graph-connection';
import { SIGN_IN_FAILED, TeamsAppInstaller } from '../graph/teams-app-installer';
import type { InstallAttempt } from '../services/app-install-ports';
import { type InstallReport, installAppForPeople } from '../services/install-app';
import { AppInstallRepository } from '../storage/app-install-repository';
import { ConversationRepository } from '../storage/conversation-repository';
import { PlacementRepository } from '../storage/placement-repository';
import type { TableStore } from '../storage/table-store';
import { TrainerContactRepository } from '../storage/trainer-contact-repository';

type Out = (line: string) => void;

const ROLE_NAMES: Record<Role, string> = {
  student: 'deelnemer',
  trainer: 'praktijkopleider',
  supervisor: 'begeleider',
};

const OFF_WITHOUT_CATALOG_ID =
  'De Teams-app wordt niet voor mensen geïnstalleerd: TEAMS_APP_CATALOG_ID is niet ingesteld ' +
  '(de id van de app in de app-catalogus van de organisatie; zie README, "Installing the app for people").';
const OFF_WITHOUT_IDENTITY =
  'De Teams-app wordt niet voor mensen geïnstalleerd: de bot heeft geen identiteit om bij Microsoft Graph ' +
  'aan te melden (MicrosoftAppId met MicrosoftAppType UserAssignedMSI, of met MicrosoftAppPassword en MicrosoftAppTenantId).';

/** Whether installing for people can run with these settings; the reason in Dutch when it cannot. */
export function installAppOff(config: Config, access?: GraphAccess): string | undefined {
  if (!config.graph.teamsAppCatalogId) return OFF_WITHOUT_CATALOG_ID;
  if (!access && !config.graph.identity) return OFF_WITHOUT_IDENTITY;
  return undefined;
}

/**
 * `placements install-app [--dry-run]`, also run after an import. Prints one line per person it could not install for (address, roles, reason) and a
 * summary; nothing about people goes to the log. Exit code 1 when an install failed.
 */
export async function runInstallApp(
  store: TableStore,
  config: Config,
  options: { dryRun: boolean; access?: GraphAccess | undefined },
  out: Out,
  err: Out,
): Promise<number> {
  const off = installAppOff(config, options.access);
  const graph = off ? undefined : createGraphClient(config.graph, options.access);
  if (!graph || !config.graph.teamsAppCatalogId) {
    err(off ?? OFF_WITHOUT_IDENTITY);
    return 2;
  }
  const report = await installAppForPeople(
    {
      placements: new PlacementRepository(store),
      conversations: new ConversationRepository(store),
      installer: new TeamsAppInstaller(graph, config.graph.teamsAppCatalogId),
      failures: new AppInstallRepository(store),
      trainerContacts: new TrainerContactRepository(store),
      now: () => new Date(),
    },
    { dryRun: options.dryRun },
  );
  return options.dryRun ? printDryRun(report, out) : printRun(report, out, err);
}

const rolesOf = (roles: InstallReport['targets'][number]['roles']) =>
  [...new Set(roles.map((r) => ROLE_NAMES[r.role]))].join(', ');

function printDryRun(report: InstallReport, out: Out): number {
  for (const target of report.targets) out(`zou installeren: ${target.email} (${rolesOf(target.roles)})`);
  out(
    `${report.targets.length} zonder gesprek met de bot (zou de app krijgen), ${report.withConversation} al in gesprek, ` +
      `${report.byEmail} praktijkopleider(s) via e-mail; Microsoft Graph niet aangeroepen`,
  );
  return 0;
}

function reasonText(attempt: InstallAttempt): string {
  const detail = 'status' in attempt ? ` (${[attempt.status, attempt.code].filter(Boolean).join(' ')})` : '';
  switch (attempt.outcome) {
    case 'no-account':
      return `geen account in deze tenant${detail}`;
    case 'not-installable':
      return `Microsoft 365 installeert de app niet voor dit account (gast, geen Teams-licentie of app-beleid)${detail}`;
    case 'permission-missing':
      return `de app mag niet installeren${detail}`;
    case 'failed':
      return `mislukt, later opnieuw proberen${detail}`;
    default:
      return attempt.outcome;
  }
}

function printRun(report: InstallReport, out: Out, err: Out): number {
  const count = (outcomes: InstallAttempt['outcome'][]) =>
    report.results.filter((r) => outcomes.includes(r.attempt.outcome)).length;
  for (const result of report.results) {
    if (result.attempt.outcome === 'installed' || result.attempt.outcome === 'already-installed') continue;
    const switched = [
      ...(result.trainerToEmail.length > 0
        ? [`praktijkopleider werkt voortaan via e-mail in stage ${result.trainerToEmail.join(', ')}`]
        : []),
      ...(result.trainerKeptTeams.length > 0
        ? [
            `stage ${result.trainerKeptTeams.join(', ')} blijft op Teams (trainer_contact teams in het bestand)`,
          ]
        : []),
    ]
      .map((text) => `; ${text}`)
      .join('');
    err(`${result.target.email} (${rolesOf(result.target.roles)}): ${reasonText(result.attempt)}${switched}`);
  }
  if (
    report.permissionMissing?.outcome === 'permission-missing' &&
    report.permissionMissing.code === SIGN_IN_FAILED
  ) {
    err(
      'De bot kan zich niet aanmelden bij Microsoft Graph: controleer MicrosoftAppId en zijn geheim of beheerde identiteit; niemand kreeg de app.',
    );
  } else if (report.permissionMissing) {
    err(
      `Microsoft Graph weigert de installatie voor iedereen: ${reasonText(report.permissionMissing)}. Geef de app ` +
        'de toepassingsmachtiging TeamsAppInstallation.ReadWriteSelfForUser.All met beheerderstoestemming (docs/deploy.md).',
    );
  }
  const failed = count(['no-account', 'not-installable', 'failed']);
  const notTried = report.targets.length - report.results.length;
  out(
    [
      `geïnstalleerd: ${count(['installed'])}`,
      `al geïnstalleerd: ${count(['already-installed'])}`,
      `niet gelukt: ${failed}`,
      ...(notTried > 0 ? [`niet geprobeerd: ${notTried}`] : []),
      `al in gesprek: ${report.withConversation}`,
      `via e-mail: ${report.byEmail}`,
      `praktijkopleider naar e-mail: ${report.results.reduce((n, r) => n + r.trainerToEmail.length, 0)}`,
    ].join(', '),
  );
  return failed > 0 || report.permissionMissing ? 1 : 0;
}
