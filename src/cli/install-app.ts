import { DefaultAzureCredential } from '@azure/identity';
import type { Config } from '../config';
import type { Role } from '../domain/placement';
import { GraphClient } from '../graph/graph-client';
import { type GraphAccess, graphCredential } from '../graph/graph-connection';
import { SIGN_IN_FAILED, TeamsAppInstaller } from '../graph/teams-app-installer';
import type { InstallAttempt } from '../services/app-install-ports';
import { type InstallAppDeps, type InstallReport, installAppForPeople } from '../services/install-app';

type Out = (line: string) => void;

const ROLE_NAMES: Record<Role, string> = {
  student: 'deelnemer',
  trainer: 'praktijkopleider',
  supervisor: 'begeleider',
};

const OFF_WITHOUT_CATALOG_ID =
  'De Teams-app wordt niet voor mensen geïnstalleerd: TEAMS_APP_CATALOG_ID is niet ingesteld ' +
  '(de id van de app in de app-catalogus van de organisatie; zie README, "Installing the app for people").';

/** Whether installing for people can run with these settings; the reason in Dutch when it cannot. */
export function installAppOff(config: Config): string | undefined {
  return config.graph.teamsAppCatalogId ? undefined : OFF_WITHOUT_CATALOG_ID;
}

/**
 * Who the command is in Graph: a given credential (a stand-in), the bot's own identity when its
 * settings are there (inside Azure), else whatever `DefaultAzureCredential` finds — on a laptop the
 * administrator's `az login`.
 */
function graphClientFor(config: Config, access: GraphAccess | undefined): GraphClient {
  const credential =
    access?.credential ??
    (config.graph.identity ? graphCredential(config.graph.identity) : new DefaultAzureCredential());
  return new GraphClient({
    baseUrl: config.graph.baseUrl,
    credential,
    ...(access?.tls ? { tls: access.tls } : {}),
  });
}

/** A dry run asks Graph nothing: it needs neither an identity nor the catalog id. */
const NOT_CALLED = {
  install: () => Promise.reject(new Error('a dry run does not call Microsoft Graph')),
};

/**
 * `placements install-app [--dry-run]`, also run after an import. Prints one line per person it could not install for (address, roles, reason) and a
 * summary; nothing about people goes to the log. Exit code 1 when an install failed.
 */
export async function runInstallApp(
  deps: Omit<InstallAppDeps, 'installer' | 'now'>,
  config: Config,
  options: { dryRun: boolean; access?: GraphAccess | undefined },
  out: Out,
  err: Out,
): Promise<number> {
  const catalogId = config.graph.teamsAppCatalogId;
  if (!options.dryRun && !catalogId) {
    err(OFF_WITHOUT_CATALOG_ID);
    return 2;
  }
  const installer =
    options.dryRun || !catalogId
      ? NOT_CALLED
      : new TeamsAppInstaller(graphClientFor(config, options.access), catalogId);
  const report = await installAppForPeople(
    { ...deps, installer, now: () => new Date() },
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
      'De opdracht kan zich niet aanmelden bij Microsoft Graph: meld u op deze computer aan met `az login` als beheerder, ' +
        'of controleer MicrosoftAppId en zijn geheim of beheerde identiteit (in Azure); niemand kreeg de app.',
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
