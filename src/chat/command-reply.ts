import type { Locale } from '../i18n';
import { ensureRounds } from '../services/check-in/open-check-in';
import type { IdentifiedUser } from '../services/identify-user';
import type { QualificationCatalog } from '../services/qualification-catalog';
import type { Command } from './commands';
import { type CoordinatorDeps, type CoordinatorScope, coordinatorReply } from './coordinator-routes';
import { officeHelpCard } from './office-views';
import { invitationsTo, startReply } from './part-replies';
import type { Reply } from './reply';
import type { RouteDeps } from './route-scope';
import { caseloadCard, statusCard } from './status-cards';
import { helpCard, noRolesCard, unknownCommandCard, welcomeCard } from './views';

/** Everything a command or card action gets about the turn: the identified sender and their language. */
export interface TurnScope extends CoordinatorScope {
  readonly user: IdentifiedUser;
  readonly locale: Locale;
}

/** What a command's answer works through. */
export type CommandDeps = RouteDeps & CoordinatorDeps & { readonly qualifications: QualificationCatalog };

/**
 * The card that answers a command, typed or a command's button: help, the coordinator's overview,
 * the office's help for an office member without roles, resume, status, the caseload, or the
 * welcome (which can open a first round, whose other people are invited).
 */
export async function commandReply(
  scope: TurnScope,
  command: Command | undefined,
  deps: CommandDeps,
  /** Whether the Entra object id is of a member of the BPV office. */
  isOfficeMember: (aadObjectId: string) => Promise<boolean>,
): Promise<Reply> {
  if (command === 'help') return { card: await helpCard(scope.t, deps.qualifications, scope.memberships) };
  const asCoordinator = await coordinatorReply(scope, command, deps);
  if (asCoordinator) return asCoordinator;
  if (scope.user.memberships.length === 0) {
    if (await isOfficeMember(scope.aadObjectId)) return { card: officeHelpCard() };
    return { card: noRolesCard(scope.t, scope.user) };
  }
  if (command === 'start') return startReply(scope, deps);
  if (command === 'status') return { card: await statusCard(scope, deps) };
  if (command === 'overview') return { card: await caseloadCard(scope, deps) };
  if (command === undefined && !scope.user.firstContact) return { card: unknownCommandCard(scope.t) };
  const notifications = invitationsTo(await ensureRounds(deps, scope));
  return { card: await welcomeCard(scope.t, scope.memberships, deps.qualifications), notifications };
}
