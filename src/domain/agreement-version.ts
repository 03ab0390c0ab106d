import type { Agreement, CheckInRound, Decision, PartRole, RoundKind, Signature } from './check-in';
import type { Placement } from './placement';
import { allWerkprocessen, type LevelChoice, type Qualification } from './qualification';

/** The header of the form as it stood when a version was submitted. */
export interface AgreementHeader {
  readonly company: string;
  readonly studentName: string;
  readonly trainerName: string;
  readonly supervisorName: string;
  readonly qualificationId: string;
  /** The qualification version the placement started with; absent means version 1. */
  readonly qualificationVersion?: number;
  /** `YYYY-MM-DD` */
  readonly startDate: string;
  /** `YYYY-MM-DD` */
  readonly endDate: string;
}

/**
 * One submitted version of a round's agreed list, kept whole and never rewritten: what the student
 * confirmed and the supervisor decided on. Documents, history and "what changed" are made from
 * these, not from the round, which moves on.
 */
export interface AgreementVersion {
  readonly placementId: string;
  readonly round: number;
  readonly kind: RoundKind;
  /** 1 for the first submission of the round, then one more for each resubmission. */
  readonly version: number;
  readonly header: AgreementHeader;
  /** The agreed level of every werkproces, by werkproces code. */
  readonly levels: Readonly<Record<string, LevelChoice>>;
  /** The agreed "Specifieke werkzaamheden", by kerntaak code; a kerntaak without text is absent. */
  readonly werkzaamheden: Readonly<Record<string, string>>;
  /** Each part's note per werkproces code; a werkproces without a note is absent. */
  readonly notes: Readonly<Record<PartRole, Readonly<Record<string, string>>>>;
  /** The trainer who settled the list; absent only for a list settled before versions were kept. */
  readonly settled?: Signature;
  /** The student who confirmed ("akkoord"), which submitted this version. */
  readonly confirmed: Signature;
  readonly submittedAt: string;
}

/** The supervisor's decision on one version, kept as its own record next to the version. */
export interface VersionDecision {
  readonly placementId: string;
  readonly round: number;
  readonly version: number;
  readonly outcome: Decision['outcome'];
  /** The supervisor's Entra id. */
  readonly by: string;
  readonly at: string;
  /** Required when changes were requested. */
  readonly remark?: string;
}

/** A version with the decision taken on it, if one was. */
export interface DecidedVersion {
  readonly version: AgreementVersion;
  readonly decision?: VersionDecision;
}

/** Levels and werkzaamheden: what two versions (or a version and a list being settled) are compared on. */
export interface AgreedContent {
  readonly levels: Readonly<Record<string, LevelChoice>>;
  readonly werkzaamheden: Readonly<Record<string, string>>;
}

/** One werkproces whose agreed level changed; `undefined` where there was no level. */
export interface LevelChange {
  readonly code: string;
  readonly from: LevelChoice | undefined;
  readonly to: LevelChoice | undefined;
}

/** What changed between two agreed lists: levels per werkproces, and the kerntaken whose text changed. */
export interface AgreementChanges {
  readonly levels: readonly LevelChange[];
  /** Kerntaak codes whose "Specifieke werkzaamheden" changed. */
  readonly werkzaamheden: readonly string[];
}

/** Why a version could not be made. */
export class AgreementVersionError extends Error {
  constructor(readonly reason: 'not_submitted' | 'no_agreement' | 'no_decision') {
    super(reason);
    this.name = 'AgreementVersionError';
  }
}

/** The content of a round's agreement, in the shape versions are compared on. */
export function agreedContent(agreement: Agreement): AgreedContent {
  return { levels: agreement.levels, werkzaamheden: agreement.texts };
}

function notesOf(round: CheckInRound, role: PartRole, q: Qualification): Record<string, string> {
  const notes: Record<string, string> = {};
  for (const { code } of allWerkprocessen(q)) {
    const note = round.parts[role].answers[code]?.note;
    if (note) notes[code] = note;
  }
  return notes;
}

/**
 * The version a confirmation submits: the round just confirmed (state `submitted`, its `version`
 * already counted), the placement's header facts as they are now, and the student's confirmation.
 * Only the qualification's werkprocessen and kerntaken are taken, in its order.
 */
export function agreementVersion(input: {
  round: CheckInRound;
  placement: Placement;
  qualification: Qualification;
  confirmed: Signature;
}): AgreementVersion {
  const { round, placement: p, qualification: q } = input;
  if (round.state !== 'submitted' || round.version < 1) throw new AgreementVersionError('not_submitted');
  if (!round.agreement) throw new AgreementVersionError('no_agreement');
  const levels: Record<string, LevelChoice> = {};
  for (const { code } of allWerkprocessen(q)) {
    const level = round.agreement.levels[code];
    if (level) levels[code] = level;
  }
  const werkzaamheden: Record<string, string> = {};
  for (const { code } of q.kerntaken) {
    const text = round.agreement.texts[code];
    if (text) werkzaamheden[code] = text;
  }
  return {
    placementId: round.placementId,
    round: round.number,
    kind: round.kind,
    version: round.version,
    header: {
      company: p.company,
      studentName: p.student.name,
      trainerName: p.trainer.name,
      supervisorName: p.supervisor.name,
      qualificationId: round.qualificationId,
      ...(p.qualificationVersion !== undefined ? { qualificationVersion: p.qualificationVersion } : {}),
      startDate: p.startDate,
      endDate: p.endDate,
    },
    levels,
    werkzaamheden,
    notes: { student: notesOf(round, 'student', q), trainer: notesOf(round, 'trainer', q) },
    ...(round.settled ? { settled: round.settled } : {}),
    confirmed: input.confirmed,
    submittedAt: input.confirmed.at,
  };
}

/**
 * The record of the decision just taken on a round (approve or request changes): its latest
 * decision, which names the version it is about.
 */
export function versionDecision(round: CheckInRound): VersionDecision {
  const decision = round.decisions.at(-1);
  if (!decision) throw new AgreementVersionError('no_decision');
  return {
    placementId: round.placementId,
    round: round.number,
    version: decision.version,
    outcome: decision.outcome,
    by: decision.by,
    at: decision.at,
    ...(decision.remark !== undefined ? { remark: decision.remark } : {}),
  };
}

/**
 * What changed from `before` to `after`: werkproces codes with their old and new level, and the
 * kerntaak codes whose text changed, both in the qualification's order. Leading and trailing
 * white space of a text does not count as a change.
 */
export function changesSince(
  before: AgreedContent,
  after: AgreedContent,
  q: Qualification,
): AgreementChanges {
  return {
    levels: allWerkprocessen(q)
      .filter((w) => before.levels[w.code] !== after.levels[w.code])
      .map((w) => ({ code: w.code, from: before.levels[w.code], to: after.levels[w.code] })),
    werkzaamheden: q.kerntaken
      .map((k) => k.code)
      .filter(
        (code) => (before.werkzaamheden[code] ?? '').trim() !== (after.werkzaamheden[code] ?? '').trim(),
      ),
  };
}

/**
 * The version to compare version `shown` of a round with: the one submitted before it. After a
 * request for changes that is the version sent back; after a reopen, the approved version that was
 * reopened. Undefined for a first version, or when the earlier one was submitted before versions
 * were kept.
 */
export function previousVersion(
  versions: readonly AgreementVersion[],
  shown: number,
): AgreementVersion | undefined {
  return versions
    .filter((v) => v.version < shown)
    .reduce<AgreementVersion | undefined>(
      (latest, v) => (!latest || v.version > latest.version ? v : latest),
      undefined,
    );
}

/** The records a round save creates beside the round: the version a confirmation submits, the decision taken on one. */
export interface VersionRecords {
  readonly versions?: readonly AgreementVersion[];
  readonly decisions?: readonly VersionDecision[];
}
