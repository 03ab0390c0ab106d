import type { DecidedVersion, VersionRecords } from '../../domain/agreement-version';
import type { AuditEvent } from '../../domain/audit';
import type { CheckInRound } from '../../domain/check-in';
import type { Placement, Role } from '../../domain/placement';
import type { Qualification } from '../../domain/qualification';
import type { RoundScheduleRules } from '../../domain/round-schedule';
import type { InstallFailure } from '../app-install-ports';
import type { QualificationRef } from '../qualification-ports';

/** A round as read, with the ETag its next write must carry. */
export interface StoredRound {
  readonly round: CheckInRound;
  readonly etag: string;
  /**
   * The round's placement as stored with it: kept in step with the placement by every change of
   * either, so it says who holds which role as surely as the placement does. Undefined for a round
   * written before rounds carried it: then the placement is read.
   */
  readonly placement?: Placement;
}

/** The rounds of a placement and its audit trail; a save carries the ETag it read. */
export interface RoundStore {
  get(placementId: string, number: number): Promise<StoredRound | undefined>;
  list(placementId: string): Promise<StoredRound[]>;
  /** False when the round already exists (someone else opened it first). */
  create(round: CheckInRound, events: readonly AuditEvent[]): Promise<boolean>;
  /**
   * Writes the round with its audit events and the version or decision records it creates, all in
   * one atomic batch. Throws {@link ConcurrentUpdateError} when the ETag no longer matches.
   * `placement` is the one read with the round ({@link StoredRound.placement}), kept with it.
   */
  save(
    round: CheckInRound,
    etag: string,
    events: readonly AuditEvent[],
    records?: VersionRecords,
    placement?: Placement,
  ): Promise<string>;
  /** The audit trail, oldest first; `limit` reads only the newest few. */
  audit(placementId: string, limit?: number): Promise<AuditEvent[]>;
  /** The submitted versions with their decisions (of one round, or all), oldest first. */
  versions(placementId: string, round?: number): Promise<DecidedVersion[]>;
}

/** Which view of a round a card in someone's chat shows. */
export type CardKind = 'agreement' | 'summary';

/** A card in someone's chat that shows a round, so it can be drawn anew when the round moves on. */
export interface HeldCard {
  readonly aadObjectId: string;
  readonly activityId: string;
  readonly kind: CardKind;
}

/** The cards of a round that people hold. */
export interface HeldCardStore {
  list(placementId: string, round: number): Promise<HeldCard[]>;
  track(placementId: string, round: number, card: HeldCard): Promise<void>;
  /** Stops tracking a card (drawn over for good); nothing when it was not tracked. */
  release(placementId: string, round: number, card: HeldCard): Promise<void>;
}

/** Whether a person can be reached in Teams (the app installed and not blocked). */
export interface ReachabilityStore {
  get(aadObjectId: string): Promise<{ readonly active: boolean } | undefined>;
}

/** The qualifications the placements refer to. */
export interface QualificationSource {
  /** The version of its qualification the placement started with. */
  forPlacement(ref: QualificationRef): Promise<Qualification>;
  /**
   * The same, for cards drawn after the turn's use case has read it (every use case reads its
   * placement's qualification first); throws {@link UnknownQualificationError}-like errors when
   * it was not read in this process.
   */
  loaded(ref: QualificationRef): Qualification;
}

/** What the check-in use cases work through. */
export interface CheckInDeps {
  readonly rounds: RoundStore;
  readonly cards: HeldCardStore;
  readonly conversations: ReachabilityStore;
  readonly qualifications: QualificationSource;
  /** When the next check-in opens: the rule the reminder sweep follows too. */
  readonly schedule: RoundScheduleRules;
  /** Failed installs of the Teams app, per person, for the supervisor's status. */
  readonly appInstalls?: { get(email: string): Promise<InstallFailure | undefined> };
}

/**
 * A role's binding as it was when the actor of an action was checked: every read of the round the
 * action changes must still show it (undefined: a trainer who works by e-mail, acting by link).
 */
export interface RoundHolder {
  readonly role: Role;
  readonly aadObjectId: string | undefined;
}
