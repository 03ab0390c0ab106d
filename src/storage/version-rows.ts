import type { AgreementVersion, DecidedVersion, VersionDecision } from '../domain/agreement-version';
import type { PartRole, RoundKind } from '../domain/check-in';
import type { LevelChoice } from '../domain/qualification';
import { MAX_PROPERTY_CHARS, packTexts, readTexts, type TextEntity, TextTooLargeError } from './round-rows';

/*
 * How an agreement version is stored, in the placement's partition, next to its round:
 *
 * - `version|001|0002`: the version row, with the header facts (names and company are bounded by
 *   the import: 100 and 200 characters), the levels as JSON, who settled and confirmed (Entra ids),
 *   and how many text rows it has;
 * - `version|001|0002|texts|000`, …: its notes and werkzaamheden, packed like a round's texts
 *   (round-rows.ts), so any text within the domain's limits fits whatever characters it holds;
 * - `version|001|0002|decision`: the supervisor's decision on it.
 *
 * All of them are created (never upserted or updated) in the batch of the round save that causes
 * them, so a version can be neither half written nor written twice. One range query reads a round's
 * versions with their decisions. The one rewrite is erasure of a person (personal-data-repository.ts).
 */

export const VERSION_PREFIX = 'version|';
const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** The range of rows of one round's versions. */
export const versionRoundPrefix = (round: number) => `${VERSION_PREFIX}${pad(round, 3)}|`;
export const versionRow = (round: number, version: number) =>
  `${versionRoundPrefix(round)}${pad(version, 4)}`;
const versionTextRow = (round: number, version: number, index: number) =>
  `${versionRow(round, version)}|texts|${pad(index, 3)}`;
const decisionRow = (round: number, version: number) => `${versionRow(round, version)}|decision`;

/** The version row as stored. Trainer and supervisor names are what erasure of a person rewrites. */
export type VersionEntity = {
  partitionKey: string;
  rowKey: string;
  round: number;
  kind: RoundKind;
  version: number;
  company: string;
  studentName: string;
  trainerName: string;
  supervisorName: string;
  qualificationId: string;
  qualificationVersion?: number;
  startDate: string;
  endDate: string;
  levels: string;
  settledBy?: string;
  settledAt?: string;
  confirmedBy: string;
  confirmedAt: string;
  submittedAt: string;
  textRows: number;
};

/** The decision row as stored. `decidedBy` is what erasure of a person rewrites. */
export type DecisionEntity = {
  partitionKey: string;
  rowKey: string;
  round: number;
  version: number;
  outcome: VersionDecision['outcome'];
  decidedBy: string;
  at: string;
  remark?: string;
};

const PARTS: readonly PartRole[] = ['student', 'trainer'];

function checked(key: string, value: string): string {
  if (value.length > MAX_PROPERTY_CHARS) throw new TextTooLargeError(key);
  return value;
}

/** The rows a version is created as: the version row first, then its text rows. */
export function versionRows(v: AgreementVersion): [VersionEntity, ...TextEntity[]] {
  const texts: [string, string][] = [];
  for (const [code, text] of Object.entries(v.werkzaamheden)) texts.push([`werkzaamheden.${code}`, text]);
  for (const role of PARTS) {
    for (const [code, note] of Object.entries(v.notes[role])) texts.push([`${role}.note.${code}`, note]);
  }
  const textRows = packTexts(v.placementId, (index) => versionTextRow(v.round, v.version, index), texts);
  const h = v.header;
  return [
    {
      partitionKey: v.placementId,
      rowKey: versionRow(v.round, v.version),
      round: v.round,
      kind: v.kind,
      version: v.version,
      company: checked('company', h.company),
      studentName: checked('studentName', h.studentName),
      trainerName: checked('trainerName', h.trainerName),
      supervisorName: checked('supervisorName', h.supervisorName),
      qualificationId: h.qualificationId,
      ...(h.qualificationVersion !== undefined ? { qualificationVersion: h.qualificationVersion } : {}),
      startDate: h.startDate,
      endDate: h.endDate,
      levels: JSON.stringify(v.levels),
      ...(v.settled ? { settledBy: v.settled.by, settledAt: v.settled.at } : {}),
      confirmedBy: v.confirmed.by,
      confirmedAt: v.confirmed.at,
      submittedAt: v.submittedAt,
      textRows: textRows.length,
    },
    ...textRows,
  ];
}

/** The row a decision is created as. */
export function decisionEntity(d: VersionDecision): DecisionEntity {
  return {
    partitionKey: d.placementId,
    rowKey: decisionRow(d.round, d.version),
    round: d.round,
    version: d.version,
    outcome: d.outcome,
    decidedBy: d.by,
    at: d.at,
    ...(d.remark !== undefined ? { remark: checked('remark', d.remark) } : {}),
  };
}

function withPrefix(texts: Map<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    [...texts]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

function fromVersionRow(entity: VersionEntity, rows: readonly TextEntity[]): AgreementVersion {
  const texts = readTexts(
    entity.textRows,
    (index) => versionTextRow(entity.round, entity.version, index),
    rows,
  );
  return {
    placementId: entity.partitionKey,
    round: entity.round,
    kind: entity.kind,
    version: entity.version,
    header: {
      company: entity.company,
      studentName: entity.studentName,
      trainerName: entity.trainerName,
      supervisorName: entity.supervisorName,
      qualificationId: entity.qualificationId,
      ...(typeof entity.qualificationVersion === 'number'
        ? { qualificationVersion: entity.qualificationVersion }
        : {}),
      startDate: entity.startDate,
      endDate: entity.endDate,
    },
    levels: JSON.parse(entity.levels) as Record<string, LevelChoice>,
    werkzaamheden: withPrefix(texts, 'werkzaamheden.'),
    notes: { student: withPrefix(texts, 'student.note.'), trainer: withPrefix(texts, 'trainer.note.') },
    ...(entity.settledBy !== undefined && entity.settledAt !== undefined
      ? { settled: { by: entity.settledBy, at: entity.settledAt } }
      : {}),
    confirmed: { by: entity.confirmedBy, at: entity.confirmedAt },
    submittedAt: entity.submittedAt,
  };
}

function fromDecisionRow(entity: DecisionEntity): VersionDecision {
  return {
    placementId: entity.partitionKey,
    round: entity.round,
    version: entity.version,
    outcome: entity.outcome,
    by: entity.decidedBy,
    at: entity.at,
    ...(entity.remark !== undefined ? { remark: entity.remark } : {}),
  };
}

export type AnyVersionRow = (VersionEntity | TextEntity | DecisionEntity) & { rowKey: string };

const ROW_KINDS = /^version\|\d{3}\|\d{4}(?:\|(texts)\|\d{3}|\|(decision))?$/;

/** Versions with their decisions from the rows a range query returned, oldest first. */
export function decidedVersions(rows: readonly AnyVersionRow[]): DecidedVersion[] {
  const versions: VersionEntity[] = [];
  const texts: TextEntity[] = [];
  const decisions = new Map<string, VersionDecision>();
  for (const row of rows) {
    const match = ROW_KINDS.exec(row.rowKey);
    if (!match) continue;
    if (match[1]) texts.push(row as TextEntity);
    else if (match[2]) {
      const decision = fromDecisionRow(row as DecisionEntity);
      decisions.set(versionRow(decision.round, decision.version), decision);
    } else versions.push(row as VersionEntity);
  }
  return versions
    .map((entity) => {
      const decision = decisions.get(entity.rowKey);
      return { version: fromVersionRow(entity, texts), ...(decision ? { decision } : {}) };
    })
    .sort((a, b) => a.version.round - b.version.round || a.version.version - b.version.version);
}
