import type { AgreementVersion, DecidedVersion } from '../domain/agreement-version';
import type { Placement } from '../domain/placement';
import { localDate } from '../domain/privacy';
import { allWerkprocessen, type Qualification } from '../domain/qualification';
import type { Actor } from './check-in/actor';
import type { QualificationSource } from './check-in/ports';
import { NotYoursError } from './errors';

/** What the document use cases read: a placement's versions with their decisions, oldest first. */
export interface DocumentVersionStore {
  versions(placementId: string, round?: number): Promise<DecidedVersion[]>;
}

/** What one agreement document is made of: stored versions only, never the live round. */
export interface AgreementDocument {
  /** The version the document is of, with the supervisor's decision on it if one was taken. */
  readonly shown: DecidedVersion;
  /**
   * The approved version of each earlier round, oldest first. When there are any, the level
   * columns show every round side by side (start / tussentijds / eind) instead of Bg / G / Bk.
   */
  readonly earlierRounds: readonly AgreementVersion[];
  readonly qualification: Qualification;
  /** The school's time zone (`TIME_ZONE`), for the dates and times of the signatures. */
  readonly timeZone: string;
}

/** Turns a document into PDF bytes (src/documents/agreement-pdf.ts). */
export type RenderAgreement = (document: AgreementDocument) => Promise<Buffer>;

export interface DocumentDeps {
  readonly rounds: DocumentVersionStore;
  readonly qualifications: QualificationSource;
  readonly render: RenderAgreement;
  /** `TIME_ZONE`: the dates on the document and the day `--since` compares with. */
  readonly timeZone: string;
}

/** A finished document: its bytes and the name it is saved under. */
export interface AgreementFile {
  readonly fileName: string;
  readonly bytes: Buffer;
}

const approvedOnly = (v: DecidedVersion) => v.decision?.outcome === 'approved';

/**
 * The document of `shown`: with it, the last approved version of every earlier round of the
 * placement, so a later round's document shows how the levels went over the year.
 */
export function agreementDocument(
  all: readonly DecidedVersion[],
  shown: DecidedVersion,
  qualification: Qualification,
  timeZone: string,
): AgreementDocument {
  const earlier = new Map<number, AgreementVersion>();
  for (const v of all.filter(approvedOnly)) {
    if (v.version.round >= shown.version.round) continue;
    const kept = earlier.get(v.version.round);
    if (!kept || kept.version < v.version.version) earlier.set(v.version.round, v.version);
  }
  const earlierRounds = [...earlier.values()].sort((a, b) => a.round - b.round);
  return { shown, earlierRounds, qualification, timeZone };
}

/**
 * The file name of a version's PDF: no name or address of a person (a file name travels into
 * download folders, mail attachments and listings), the placement's id to keep exported files of
 * different placements apart, and the same for the same version, so an export run again
 * overwrites rather than adds.
 */
export function agreementFileName(placement: Placement, v: AgreementVersion): string {
  return `afsprakenlijst_${placement.startDate}_ronde-${v.round}_versie-${v.version}_${placement.id}.pdf`;
}

/**
 * The PDF of one stored version, for the student, trainer or supervisor of its placement only
 * ({@link NotYoursError} for anyone else); undefined when no such version is stored.
 */
export async function versionPdf(
  deps: DocumentDeps,
  actor: Actor,
  at: { placementId: string; round: number; version: number },
): Promise<AgreementFile | undefined> {
  const membership = actor.memberships.find((m) => m.placement.id === at.placementId);
  if (!membership) throw new NotYoursError('student');
  const { placement } = membership;
  const all = await deps.rounds.versions(placement.id);
  const shown = all.find((v) => v.version.round === at.round && v.version.version === at.version);
  if (!shown) return undefined;
  const q = await deps.qualifications.forPlacement(placement);
  const bytes = await deps.render(agreementDocument(all, shown, q, deps.timeZone));
  return { fileName: agreementFileName(placement, shown.version), bytes };
}

/** One row of the export for the student system: one werkproces of one approved version. */
export interface AgreementExportRow {
  readonly student_email: string;
  readonly student_name: string;
  readonly qualification: string;
  readonly company: string;
  readonly start_date: string;
  readonly round: number;
  readonly round_kind: string;
  readonly version: number;
  readonly kerntaak: string;
  readonly werkproces: string;
  readonly level: string;
  readonly level_label: string;
  readonly approved_by: string;
  /** ISO 8601, UTC. */
  readonly approved_at: string;
  readonly pdf_file: string;
}

/** Writes the export rows as CSV for the student system (src/documents/agreement-csv.ts). */
export type WriteAgreementCsv = (rows: readonly AgreementExportRow[]) => string;

/** One approved version in an export: its rows and the document its PDF is made from. */
export interface ExportedVersion {
  readonly fileName: string;
  readonly document: AgreementDocument;
  readonly rows: readonly AgreementExportRow[];
}

function levelLabel(q: Qualification, code: string | undefined): string {
  if (code === q.notApplicable.code) return q.notApplicable.label;
  return q.levels.find((l) => l.code === code)?.label ?? '';
}

function exportRows(placement: Placement, v: DecidedVersion, q: Qualification, fileName: string) {
  return allWerkprocessen(q).map(
    (w): AgreementExportRow => ({
      student_email: placement.student.email,
      student_name: v.version.header.studentName,
      qualification: q.id,
      company: v.version.header.company,
      start_date: placement.startDate,
      round: v.version.round,
      round_kind: v.version.kind,
      version: v.version.version,
      kerntaak: w.kerntaak.code,
      werkproces: w.code,
      level: v.version.levels[w.code] ?? '',
      level_label: levelLabel(q, v.version.levels[w.code]),
      approved_by: v.version.header.supervisorName,
      approved_at: v.decision?.at ?? '',
      pdf_file: fileName,
    }),
  );
}

/**
 * Every approved version of `placements`, approved on or after `since` (a `YYYY-MM-DD` day in
 * the school's time zone) when given: in a fixed order (student, start date, round, version), so
 * the same data exports to the same files. `onPlacement` is told after each placement is read.
 */
export async function* approvedVersions(
  deps: Omit<DocumentDeps, 'render'>,
  placements: readonly Placement[],
  options: { since?: string; onPlacement?: (done: number) => void } = {},
): AsyncGenerator<ExportedVersion> {
  const ordered = [...placements].sort(
    (a, b) =>
      a.student.email.localeCompare(b.student.email) ||
      a.startDate.localeCompare(b.startDate) ||
      a.id.localeCompare(b.id),
  );
  let done = 0;
  for (const placement of ordered) {
    const all = await deps.rounds.versions(placement.id);
    const q = await deps.qualifications.forPlacement(placement);
    const chosen = all
      .filter(approvedOnly)
      .filter(
        (v) => !options.since || localDate(new Date(v.decision?.at ?? 0), deps.timeZone) >= options.since,
      )
      .sort((a, b) => a.version.round - b.version.round || a.version.version - b.version.version);
    for (const shown of chosen) {
      const fileName = agreementFileName(placement, shown.version);
      yield {
        fileName,
        document: agreementDocument(all, shown, q, deps.timeZone),
        rows: exportRows(placement, shown, q, fileName),
      };
    }
    done += 1;
    options.onPlacement?.(done);
  }
}
