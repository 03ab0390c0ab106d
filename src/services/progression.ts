import {
  type AgreementVersion,
  agreedContent,
  changesSince,
  type DecidedVersion,
  previousVersion,
} from '../domain/agreement-version';
import type { AgreedLevels, CheckInRound } from '../domain/check-in';
import type { Qualification } from '../domain/qualification';
import {
  type ChangesSinceVersion,
  changesShown,
  showsChanges,
  type VersionStore,
} from './agreement-versions';

/** The levels agreed in an earlier round: the approved version of the latest round before this one. */
export type PreviousRoundLevels = AgreedLevels;

/** What `round`, opening now, keeps of the previous round: its approved levels, or null when none. */
export async function agreedBeforeRound(
  deps: { rounds: VersionStore },
  placementId: string,
  round: number,
): Promise<AgreedLevels | null> {
  const earlier = approvedBefore(await deps.rounds.versions(placementId), round);
  return earlier
    ? { round: earlier.round, kind: earlier.kind, version: earlier.version, levels: earlier.levels }
    : null;
}

/** How a round stands against what came before it, for the cards of that round. */
export interface Progression {
  /** What the previous round agreed; absent in the first round, or when no earlier round was approved. */
  readonly previous?: PreviousRoundLevels;
  /**
   * While a list that was sent back (or reopened) is settled or confirmed again: what it changes
   * since the version submitted before it, so the student sees it as the supervisor will.
   */
  readonly revision?: ChangesSinceVersion;
}

/** The approved version of the latest round before `round`; undefined when there is none. */
export function approvedBefore(
  versions: readonly DecidedVersion[],
  round: number,
): AgreementVersion | undefined {
  let found: AgreementVersion | undefined;
  for (const { version, decision } of versions) {
    if (version.round >= round || decision?.outcome !== 'approved') continue;
    if (
      !found ||
      version.round > found.round ||
      (version.round === found.round && version.version > found.version)
    )
      found = version;
  }
  return found;
}

// A list being settled or confirmed again after a version was submitted: it becomes the next version.
function isRevision(round: CheckInRound): boolean {
  return (
    (round.state === 'settling' || round.state === 'confirming') && round.version >= 1 && !!round.agreement
  );
}

/**
 * The levels agreed in the previous round and, for a revised list, what it changes since the
 * version before it: both from the stored version snapshots, never from live rounds. Reads
 * nothing for a first round that has no submitted version yet, nor for a later round that kept the
 * previous round's levels when it opened (every step of its parts).
 */
export async function roundProgression(
  deps: { rounds: VersionStore },
  round: CheckInRound,
  q: Qualification,
): Promise<Progression> {
  if (!needsVersions(round)) return {};
  if (round.agreedBefore !== undefined && !isRevision(round))
    return round.agreedBefore ? { previous: round.agreedBefore } : {};
  return progressionFrom(await deps.rounds.versions(round.placementId), round, q);
}

function needsVersions(round: CheckInRound): boolean {
  return round.number > 1 || isRevision(round);
}

/**
 * What the cards of an agreement-phase round show of its history: the summary's changes since the
 * previous version and the progression, from one read of the placement's versions (none when
 * neither needs them).
 */
export async function roundHistory(
  deps: { rounds: VersionStore },
  round: CheckInRound,
  q: Qualification,
): Promise<{ changes?: ChangesSinceVersion; progression: Progression }> {
  if (!needsVersions(round) && !showsChanges(round)) return { progression: {} };
  const versions = await deps.rounds.versions(round.placementId);
  const changes = changesShown(versions, round, q);
  return { ...(changes ? { changes } : {}), progression: progressionFrom(versions, round, q) };
}

/** The progression of `round` from the placement's versions already read. */
function progressionFrom(
  versions: readonly DecidedVersion[],
  round: CheckInRound,
  q: Qualification,
): Progression {
  const revising = isRevision(round);
  if (round.number <= 1 && !revising) return {};
  const earlier = approvedBefore(versions, round.number);
  const previous: PreviousRoundLevels | undefined = earlier && {
    round: earlier.round,
    kind: earlier.kind,
    version: earlier.version,
    levels: earlier.levels,
  };
  const base =
    revising && round.agreement
      ? previousVersion(
          versions.filter((v) => v.version.round === round.number).map((v) => v.version),
          round.version + 1,
        )
      : undefined;
  const revision =
    base && round.agreement
      ? { sinceVersion: base.version, changes: changesSince(base, agreedContent(round.agreement), q) }
      : undefined;
  return { ...(previous ? { previous } : {}), ...(revision ? { revision } : {}) };
}
