import { normalizeEmail, type Placement, ROLES, type Role } from '../domain/placement';
import { ERASED } from '../domain/privacy';
import type { PersonalDataStore, PlacementScan } from './personal-data-ports';

/** What erasure needs from storage. */
export interface ErasureDeps {
  readonly placements: PlacementScan;
  readonly personalData: Omit<PersonalDataStore, 'removeInactive'>;
}

/** What an erasure removed, by kind; ids only, so the report itself holds nothing personal. */
export interface ErasureReport {
  /** Placements of which the person was the student: removed whole. */
  readonly removedPlacements: string[];
  /** Placements that stay for the others, with the person replaced by a marker. */
  readonly anonymisedPlacements: string[];
  readonly placementRows: number;
  readonly reminderRows: number;
  readonly indexRows: number;
  readonly auditEntries: number;
  readonly decisions: number;
  /** Records of agreement versions with the person's name or Entra id replaced by the marker. */
  readonly versions: number;
  readonly cards: number;
  readonly users: number;
  readonly conversations: number;
  /** Rows of the office's passing files (uploads, reports, exports), which may name the person. */
  readonly officeFiles: number;
}

/**
 * Erases a person's personal data (AVG article 17). A placement of which they are the student is
 * their record as a whole and is removed with everything in it; in a placement where they are the
 * trainer or supervisor their name and address give way to a marker, so the student's record stays
 * readable, and the events they took part in stay in the audit trail without them. Their role
 * index rows, user binding and conversation reference go, and as a coordinator their address leaves
 * the placements that name them. Running it again finds nothing.
 */
export async function erasePerson(email: string, deps: ErasureDeps): Promise<ErasureReport> {
  const address = normalizeEmail(email);
  const memberships: { placement: Placement; role: Role }[] = [];
  // A scan rather than the index: an index row may be missing or stale, the placements are not.
  for await (const placement of deps.placements.listAll()) {
    for (const role of ROLES) {
      if (normalizeEmail(placement[role].email) === address) memberships.push({ placement, role });
    }
  }
  const emailKeys = deps.personalData.emailKeys(address);
  const ids = new Set<string>(await deps.personalData.idsBoundTo(emailKeys));
  for (const { placement, role } of memberships) {
    const id = placement[role].aadObjectId;
    if (id) ids.add(id);
  }

  const removedPlacements: string[] = [];
  const anonymisedPlacements: string[] = [];
  let placementRows = 0;
  let reminderRows = 0;
  let indexRows = 0;
  let anonymisedVersions = 0;
  for (const { placement, role } of memberships) {
    if (role === 'student') {
      const removed = await deps.personalData.removePlacement(placement.id, {
        student: placement.student.email,
        trainer: placement.trainer.email,
        supervisor: placement.supervisor.email,
      });
      removedPlacements.push(placement.id);
      placementRows += removed.rows;
      reminderRows += removed.reminderRows;
      indexRows += removed.indexRows;
    } else {
      const forgotten = await deps.personalData.forgetRole(placement.id, role, ERASED);
      reminderRows += forgotten.reminderRows;
      anonymisedVersions += forgotten.versions;
      anonymisedPlacements.push(placement.id);
    }
  }
  const actor = await deps.personalData.forgetActor(ids, ERASED);
  const person = await deps.personalData.removePerson(emailKeys, ids);
  const coordinatorRows = await deps.personalData.forgetCoordinator(address, emailKeys, ids);
  const officeFiles = await deps.personalData.forgetOfficeFiles();
  return {
    removedPlacements,
    anonymisedPlacements,
    placementRows,
    reminderRows,
    indexRows: indexRows + person.indexRows,
    auditEntries: actor.auditEntries,
    decisions: actor.decisions,
    versions: actor.versions + anonymisedVersions,
    cards: actor.cards,
    users: person.users + coordinatorRows,
    conversations: person.conversations,
    officeFiles,
  };
}
