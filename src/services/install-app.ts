import { normalizeEmail, type Placement, ROLES, type Role, trainerByEmail } from '../domain/placement';
import type {
  AppInstaller,
  ConversationPresence,
  InstallAttempt,
  InstallFailureStore,
  InstallPlacementSource,
  TrainerContactSwitch,
} from './app-install-ports';

/** One person the app is for, with every role they hold in the placements considered. */
export interface InstallTarget {
  /** Lower-cased address, as the placements hold it. */
  readonly email: string;
  /** What Graph is asked for: their Entra object id once known, else their sign-in name. */
  readonly user: string;
  readonly roles: readonly { readonly placementId: string; readonly role: Role }[];
}

/** What happened for one person, and which placements now reach their trainer by e-mail. */
export interface InstallResult {
  readonly target: InstallTarget;
  readonly attempt: InstallAttempt;
  /** Placements whose `trainerContact` this run switched to e-mail (the person is their trainer). */
  readonly trainerToEmail: readonly string[];
  /** Placements of this trainer that the placement file sets to Teams: left so. */
  readonly trainerKeptTeams: readonly string[];
}

export interface InstallReport {
  /** Everyone without a chat with the bot, in address order: who gets (or would get) the app. */
  readonly targets: readonly InstallTarget[];
  /** People skipped because they already have a chat with the bot. */
  readonly withConversation: number;
  /** Trainers skipped because their placements reach them by e-mail. */
  readonly byEmail: number;
  /** One per target that was tried, in address order; empty for a dry run. */
  readonly results: readonly InstallResult[];
  /** Set when Graph refused the app itself: the rest were not tried. */
  readonly permissionMissing?: InstallAttempt;
}

export interface InstallAppDeps {
  readonly placements: InstallPlacementSource;
  readonly conversations: ConversationPresence;
  readonly installer: AppInstaller;
  readonly failures: InstallFailureStore;
  readonly trainerContacts: TrainerContactSwitch;
  readonly now: () => Date;
}

export interface InstallAppOptions {
  readonly dryRun: boolean;
  /** Requests to Graph in flight at once. */
  readonly concurrency?: number;
}

/** Graph's Teams endpoints throttle per app and tenant; a few requests at a time stay well inside. */
export const DEFAULT_INSTALL_CONCURRENCY = 4;

/**
 * Installs the Teams app in the personal scope of everyone with a placement (student, trainer,
 * supervisor) who has no chat with the bot yet, so that the bot can greet and remind them. The
 * install makes Teams send the bot an `installationUpdate`, which stores the chat and greets the
 * person as when they install it themselves. Already installed counts as done. A person Graph says
 * has no account, or cannot get the app, is stored as such for the supervisor's status; a trainer
 * among them is switched to the web page and e-mail in their placements, unless the placement
 * file says `teams` for them.
 */
export async function installAppForPeople(
  deps: InstallAppDeps,
  options: InstallAppOptions,
): Promise<InstallReport> {
  const { targets, withConversation, byEmail, everyone } = await findTargets(deps);
  if (options.dryRun) return { targets, withConversation, byEmail, results: [] };
  // Someone with no placement any more has no supervisor to tell: their failure is forgotten.
  await deps.failures.keepOnly(everyone);

  const results: (InstallResult | undefined)[] = new Array(targets.length);
  let permissionMissing: InstallAttempt | undefined;
  let next = 0;
  const worker = async () => {
    while (next < targets.length && !permissionMissing) {
      const index = next++;
      const target = targets[index] as InstallTarget;
      const attempt = await deps.installer.install(target.user);
      if (attempt.outcome === 'permission-missing') {
        permissionMissing ??= attempt;
        return;
      }
      results[index] = await settle(deps, target, attempt);
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_INSTALL_CONCURRENCY);
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return {
    targets,
    withConversation,
    byEmail,
    results: results.filter((r): r is InstallResult => r !== undefined),
    ...(permissionMissing ? { permissionMissing } : {}),
  };
}

async function settle(
  deps: InstallAppDeps,
  target: InstallTarget,
  attempt: InstallAttempt,
): Promise<InstallResult> {
  switch (attempt.outcome) {
    case 'installed':
    case 'already-installed':
      await deps.failures.clear(target.email);
      return { target, attempt, trainerToEmail: [], trainerKeptTeams: [] };
    case 'no-account':
    case 'not-installable': {
      await deps.failures.record(target.email, {
        reason: attempt.outcome,
        status: attempt.status,
        ...(attempt.code ? { code: attempt.code } : {}),
        at: deps.now().toISOString(),
      });
      const trainerToEmail: string[] = [];
      const trainerKeptTeams: string[] = [];
      for (const { placementId, role } of target.roles) {
        if (role !== 'trainer') continue;
        const switched = await deps.trainerContacts.useEmail(placementId);
        if (switched === 'changed') trainerToEmail.push(placementId);
        if (switched === 'kept') trainerKeptTeams.push(placementId);
      }
      return { target, attempt, trainerToEmail, trainerKeptTeams };
    }
    default:
      return { target, attempt, trainerToEmail: [], trainerKeptTeams: [] };
  }
}

/**
 * Everyone of every placement, once per address, less those with a chat already (found
 * through the Entra id bound in any placement) and trainers whose placements all use e-mail.
 */
async function findTargets(
  deps: InstallAppDeps,
): Promise<{ targets: InstallTarget[]; withConversation: number; byEmail: number; everyone: string[] }> {
  const boundIds = new Map<string, string>();
  const people = new Map<string, { roles: { placementId: string; role: Role }[]; byEmail: boolean }>();
  for await (const placement of deps.placements.listAll()) {
    for (const role of ROLES) {
      const email = normalizeEmail(placement[role].email);
      const id = placement[role].aadObjectId;
      if (id && email) boundIds.set(email, id);
      if (!email) continue;
      const person = people.get(email) ?? { roles: [], byEmail: true };
      person.roles.push({ placementId: placement.id, role });
      person.byEmail &&= reachedByEmail(placement, role);
      people.set(email, person);
    }
  }
  const targets: InstallTarget[] = [];
  let withConversation = 0;
  let byEmail = 0;
  for (const email of [...people.keys()].sort()) {
    const person = people.get(email) as { roles: { placementId: string; role: Role }[]; byEmail: boolean };
    const id = boundIds.get(email);
    if (id && (await deps.conversations.get(id))) {
      withConversation += 1;
    } else if (person.byEmail) {
      byEmail += 1;
    } else {
      targets.push({ email, user: id ?? email, roles: person.roles });
    }
  }
  return { targets, withConversation, byEmail, everyone: [...people.keys()] };
}

function reachedByEmail(placement: Placement, role: Role): boolean {
  return role === 'trainer' && trainerByEmail(placement);
}
