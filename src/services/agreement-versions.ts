import {
  type AgreedContent,
  type AgreementChanges,
  agreedContent,
  agreementVersion,
  changesSince,
  type DecidedVersion,
  previousVersion,
  type VersionRecords,
  versionDecision,
} from '../domain/agreement-version';
import type { CheckInRound } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { Qualification } from '../domain/qualification';
import type { Actor } from './check-in/actor';
import type { QualificationSource } from './check-in/ports';
import { NotYoursError } from './errors';

/** What the version use cases read: a placement's versions with their decisions (of one round, or all). */
export interface VersionStore {
  versions(placementId: string, round?: number): Promise<DecidedVersion[]>;
}

/** What changed since an earlier version, for a card that says "Gewijzigd sinds versie N". */
export interface ChangesSinceVersion {
  readonly sinceVersion: number;
  readonly changes: AgreementChanges;
}

/**
 * The records a confirmation creates with the round it submits (`after`, state `submitted`): the
 * version, kept whole. The caller saves them in the same batch as the round.
 */
export function confirmationRecords(
  after: CheckInRound,
  placement: Placement,
  qualification: Qualification,
  confirmed: { by: string; now: Date },
): VersionRecords {
  const at = confirmed.now.toISOString();
  return {
    versions: [
      agreementVersion({ round: after, placement, qualification, confirmed: { by: confirmed.by, at } }),
    ],
  };
}

/** The record a supervisor's decision creates with the round it changes (`after`). */
export function decisionRecords(after: CheckInRound): VersionRecords {
  return { decisions: [versionDecision(after)] };
}

function changesTo(
  versions: readonly DecidedVersion[],
  shown: number,
  content: AgreedContent,
  q: Qualification,
): ChangesSinceVersion | undefined {
  const base = previousVersion(
    versions.map((v) => v.version),
    shown,
  );
  return base ? { sinceVersion: base.version, changes: changesSince(base, content, q) } : undefined;
}

/** Whether a round's summary says what changed: a later version, submitted or approved. */
export function showsChanges(round: CheckInRound): boolean {
  return (round.state === 'submitted' || round.state === 'approved') && round.version > 1;
}

/**
 * For a round's summary card: what the version it shows (the one submitted, or approved) changed
 * since the version before it (the one sent back, or after a reopen the approved one), from the
 * versions already read (of this round, or of the whole placement). Undefined for a first version,
 * and while the list is being changed: the card then still shows the version decided on.
 */
export function changesShown(
  stored: readonly DecidedVersion[],
  round: CheckInRound,
  q: Qualification,
): ChangesSinceVersion | undefined {
  if (!showsChanges(round)) return undefined;
  const versions = stored.filter((v) => v.version.round === round.number);
  const shown = versions.find((v) => v.version.version === round.version)?.version;
  // A round submitted before versions were kept has no stored version: its agreement is the same.
  const content = shown ?? (round.agreement ? agreedContent(round.agreement) : undefined);
  return content ? changesTo(versions, round.version, content, q) : undefined;
}

/** One stored version with its decision and what changed since the one before it; undefined when not stored. */
export async function readVersion(
  deps: { rounds: VersionStore },
  at: { placementId: string; round: number; version: number },
  q: Qualification,
): Promise<(DecidedVersion & { changes?: ChangesSinceVersion }) | undefined> {
  const versions = await deps.rounds.versions(at.placementId, at.round);
  const found = versions.find((v) => v.version.version === at.version);
  if (!found) return undefined;
  const changes = changesTo(versions, at.version, found.version, q);
  return { ...found, ...(changes ? { changes } : {}) };
}

/** The versions of a round with their decisions, oldest first: for the status card. */
export function roundVersions(
  deps: { rounds: VersionStore },
  placementId: string,
  round: number,
): Promise<DecidedVersion[]> {
  return deps.rounds.versions(placementId, round);
}

/**
 * One stored version, for the student, trainer or supervisor of its placement only ({@link
 * NotYoursError} for anyone else); undefined when no such version is stored.
 */
export async function viewVersion(
  deps: { rounds: VersionStore; qualifications: QualificationSource },
  actor: Actor,
  at: { placementId: string; round: number; version: number },
): Promise<(DecidedVersion & { changes?: ChangesSinceVersion }) | undefined> {
  const membership = actor.memberships.find((m) => m.placement.id === at.placementId);
  if (!membership) throw new NotYoursError('student');
  return readVersion(deps, at, await deps.qualifications.forPlacement(membership.placement));
}
