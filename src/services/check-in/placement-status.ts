import type { DecidedVersion } from '../../domain/agreement-version';
import type { AuditEvent } from '../../domain/audit';
import { type CheckInRound, missingAnswers, PART_ROLES, type PartRole } from '../../domain/check-in';
import { type Placement, type Role, trainerByEmail } from '../../domain/placement';
import { allWerkprocessen } from '../../domain/qualification';
import type { InstallFailureReason } from '../app-install-ports';
import type { Membership } from '../identify-user';
import type { CheckInDeps } from './ports';

/** How far one part is: werkprocessen answered of all, and whether it is finished. */
export interface PartProgress {
  readonly answered: number;
  readonly total: number;
  readonly done: boolean;
}

/** Where one placement stands, as its people see it in `status` and the supervisor's caseload. */
export interface PlacementStatus {
  readonly placement: Placement;
  readonly role: Role;
  /** Undefined before the first round opens. */
  readonly latest?: CheckInRound;
  readonly progress?: Readonly<Record<PartRole, PartProgress>>;
  /** Who is to act now; empty once the round is approved. */
  readonly waitingOn: readonly Role[];
  /** The newest steps of the audit trail, oldest first. */
  readonly trail: readonly AuditEvent[];
  /** For the supervisor: who cannot get reminders (app blocked, removed, or never opened). */
  readonly unreachable: readonly PartRole[];
  /** For the supervisor: the student or trainer the Teams app could not be installed for, and why. */
  readonly installFailures: readonly { readonly role: PartRole; readonly reason: InstallFailureReason }[];
  /** Whether the viewer is the supervisor and a version waits for their decision. */
  readonly awaitsReview: boolean;
  /** The submitted versions of the latest round with their decisions, oldest first (when asked for). */
  readonly versions: readonly DecidedVersion[];
}

const TRAIL_LENGTH = 3;

/** Per placement: the round, its state, who is to act, how far each part is and the last steps. */
export function placementStatus(
  deps: CheckInDeps,
  memberships: readonly Membership[],
  options: { versions: boolean } = { versions: true },
): Promise<PlacementStatus[]> {
  // Placements are independent: read them side by side, so a large caseload still answers quickly.
  return Promise.all(memberships.map((m) => oneStatus(deps, m, options.versions)));
}

async function oneStatus(
  deps: CheckInDeps,
  { placement, role }: Membership,
  withVersions: boolean,
): Promise<PlacementStatus> {
  const [stored, installFailures] = await Promise.all([
    deps.rounds.list(placement.id),
    role === 'supervisor' ? failedInstalls(deps, placement) : Promise.resolve([]),
  ]);
  const latest = stored.at(-1)?.round;
  if (!latest) {
    return {
      placement,
      role,
      waitingOn: [],
      trail: [],
      unreachable: [],
      installFailures,
      awaitsReview: false,
      versions: [],
    };
  }
  const q = await deps.qualifications.forPlacement(placement);
  const total = allWerkprocessen(q).length;
  const progressOf = (part: PartRole): PartProgress => ({
    answered: total - missingAnswers(latest.parts[part], q).length,
    total,
    done: !!latest.parts[part].doneAt,
  });
  const [trail, unreachable, versions] = await Promise.all([
    deps.rounds.audit(placement.id, TRAIL_LENGTH),
    role === 'supervisor' ? unreachableParts(deps, placement) : Promise.resolve([]),
    withVersions ? deps.rounds.versions(placement.id, latest.number) : Promise.resolve([]),
  ]);
  return {
    placement,
    role,
    latest,
    progress: { student: progressOf('student'), trainer: progressOf('trainer') },
    waitingOn: waitingOn(latest),
    trail,
    unreachable,
    installFailures,
    awaitsReview: role === 'supervisor' && latest.state === 'submitted',
    versions,
  };
}

async function unreachableParts(deps: CheckInDeps, placement: Placement): Promise<PartRole[]> {
  const unreachable: PartRole[] = [];
  for (const role of PART_ROLES) {
    // A trainer who works by e-mail is reached by mail.
    if (role === 'trainer' && trainerByEmail(placement)) continue;
    const id = placement[role].aadObjectId;
    const reachable = id ? (await deps.conversations.get(id))?.active === true : false;
    if (!reachable) unreachable.push(role);
  }
  return unreachable;
}

async function failedInstalls(
  deps: CheckInDeps,
  placement: Placement,
): Promise<PlacementStatus['installFailures']> {
  const store = deps.appInstalls;
  if (!store) return [];
  const found = await Promise.all(
    PART_ROLES.map(async (role) => ({ role, failure: await store.get(placement[role].email) })),
  );
  return found.flatMap(({ role, failure }) => (failure ? [{ role, reason: failure.reason }] : []));
}

/** Who is to act on a round in its state. */
export function waitingOn(round: CheckInRound): Role[] {
  switch (round.state) {
    case 'open':
      return PART_ROLES.filter((r) => !round.parts[r].doneAt);
    case 'settling':
      return ['trainer'];
    case 'confirming':
      return ['student'];
    case 'submitted':
      return ['supervisor'];
    default:
      return [];
  }
}
