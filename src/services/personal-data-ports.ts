import type { Placement, Role } from '../domain/placement';

/** What was removed from one placement's partition. */
export interface RemovedPlacement {
  /** Rows of the placement's partition: the placement, rounds, audit trail, tracked cards. */
  readonly rows: number;
  readonly reminderRows: number;
  readonly indexRows: number;
}

/** Where a person's Entra id was taken out of the placements' rows. */
export interface ForgottenActor {
  readonly auditEntries: number;
  readonly decisions: number;
  /**
   * Records of agreement versions that named them: as the trainer who settled, the student who
   * confirmed, or the supervisor who decided.
   */
  readonly versions: number;
  readonly cards: number;
}

/** What was removed of a person outside the placements. */
export interface RemovedPerson {
  readonly indexRows: number;
  readonly users: number;
  readonly conversations: number;
}

/** Every placement, read from the placements themselves (not through an index that may be stale). */
export interface PlacementScan {
  listAll(): AsyncIterable<Placement>;
}

/** Removing and anonymising personal data across the stored rows (AVG erasure and retention). */
export interface PersonalDataStore {
  /** Every storage key an address may have been stored under. */
  emailKeys(email: string): string[];
  /** The Entra ids bound to any of these keys. */
  idsBoundTo(emailKeys: readonly string[]): Promise<string[]>;
  /** Removes a placement with everything keyed by it, and the index rows of its people (`emails` by role). */
  removePlacement(placementId: string, emails: Readonly<Record<Role, string>>): Promise<RemovedPlacement>;
  /** Replaces the person in `role` by `marker` in a placement that stays; the reminder rows removed. */
  /** Replaces a role's name and e-mail in the placement, its reminders and its versions by `marker`. */
  forgetRole(
    placementId: string,
    role: Role,
    marker: string,
  ): Promise<{ readonly reminderRows: number; readonly versions: number }>;
  /** Replaces these Entra ids by `marker` wherever they acted. */
  forgetActor(aadObjectIds: ReadonlySet<string>, marker: string): Promise<ForgottenActor>;
  /** Removes the office's passing files (uploads, reports, undownloaded exports); how many rows. */
  forgetOfficeFiles(): Promise<number>;
  /** Removes the index rows, user bindings and conversation references of a person. */
  removePerson(emailKeys: readonly string[], aadObjectIds: ReadonlySet<string>): Promise<RemovedPerson>;
  /**
   * Forgets a coordinator: their address in the placements that name them, their recognised
   * accounts with their chats, and their digests; how many rows.
   */
  forgetCoordinator(
    email: string,
    emailKeys: readonly string[],
    aadObjectIds: ReadonlySet<string>,
  ): Promise<number>;
  /**
   * Bindings and conversation references unused since `before` (`YYYY-MM-DD`) of ids not in
   * `keep`: removed, or only counted when `dryRun`.
   */
  removeInactive(
    before: string,
    keep: ReadonlySet<string>,
    dryRun: boolean,
  ): Promise<{ users: number; conversations: number }>;
}
