import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import {
  CsvEncodingError,
  CsvHeaderError,
  type ImportPlan,
  type ImportReport,
  importPlacements,
  StaleImportPlanError,
} from '../import-placements';
import type { PlacementImportPort } from '../placement-import-ports';
import type { OfficeStore, StoredPreview } from './ports';

/** What a placements preview or import works with. */
export interface PlacementUploadDeps {
  readonly office: OfficeStore;
  readonly importStore: PlacementImportPort;
  /** Every known qualification id with its newest version: new placements start on it. */
  readonly qualificationVersions: () => Promise<ReadonlyMap<string, number>>;
  /** The first end date retention still keeps (`YYYY-MM-DD`). */
  readonly keptFrom?: string;
  /** The school's date, `YYYY-MM-DD`. */
  readonly today: string;
  readonly now: Date;
}

/** The counts a preview card shows, and the refused rows. */
export interface PreviewSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly ended: number;
  readonly rejected: ImportReport['rejected'];
  readonly warnings: ImportReport['warnings'];
  readonly newPeople: ImportPlan['newPeople'];
}

export type PreviewOutcome =
  | { readonly kind: 'preview'; readonly previewId: string; readonly summary: PreviewSummary }
  /** The file cannot be read as a placements file at all (header, encoding): nothing was kept. */
  | { readonly kind: 'unreadable'; readonly message: string };

/** The file id of a preview's report of refused rows. */
export const reportFileId = (previewId: string) => `${previewId}-report`;

/**
 * Checks an uploaded placements file against what is stored, writing no placement: the preview.
 * The file is kept so that **Importeren** writes exactly these bytes, and the preview becomes the
 * current one (an earlier preview is stale from now on). The refused rows are kept as a CSV report.
 */
export async function previewPlacementUpload(
  bytes: Uint8Array,
  actorId: string,
  deps: PlacementUploadDeps,
): Promise<PreviewOutcome> {
  let report: ImportReport;
  try {
    report = await importPlacements(bytes, { ...(await importDeps(deps)), dryRun: true });
  } catch (error) {
    if (error instanceof CsvHeaderError || error instanceof CsvEncodingError) {
      return { kind: 'unreadable', message: error.message };
    }
    throw error;
  }
  const previewId = randomUUID();
  await deps.office.saveFile(previewId, bytes);
  await deps.office.saveFile(reportFileId(previewId), rejectedCsv(report));
  await deps.office.savePreview({
    id: previewId,
    aadObjectId: actorId,
    state: 'previewed',
    fingerprint: report.plan.fingerprint,
    createdAt: deps.now.toISOString(),
  });
  return { kind: 'preview', previewId, summary: summaryOf(report) };
}

/** What the import's card shows. */
export interface ImportedSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly failed: ImportReport['failed'];
}

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly summary: ImportedSummary }
  /** Imported before (a second click): the same summary, nothing written again. */
  | { readonly kind: 'already'; readonly summary: ImportedSummary | undefined }
  /** Another click is writing it right now. */
  | { readonly kind: 'busy' }
  /** A newer file was previewed, or the stored placements changed what this file would write. */
  | { readonly kind: 'stale' }
  | { readonly kind: 'unknown' };

/** A preview claimed for its import: nobody else imports it now. */
export interface ImportClaim {
  readonly preview: StoredPreview;
  /** The ETag of the claimed (importing) row. */
  readonly etag: string;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: ImportClaim }
  | Exclude<ImportOutcome, { readonly kind: 'imported' }>;

const summaryIn = (preview: StoredPreview) =>
  preview.outcome ? (JSON.parse(preview.outcome) as ImportedSummary) : undefined;

/**
 * Claims a preview for its import, if it is still the current one and nobody claimed it: the
 * preview's row moves to `importing` with the ETag it was read with, so of two clicks one claims it
 * and the other is told it is busy or done. Quick, so a click can answer at once.
 */
export async function claimPreview(
  previewId: string,
  deps: Pick<PlacementUploadDeps, 'office'>,
): Promise<ClaimOutcome> {
  const read = await deps.office.preview(previewId);
  if (!read) return { kind: 'unknown' };
  const { preview, etag } = read;
  if (preview.state === 'imported') return { kind: 'already', summary: summaryIn(preview) };
  if (preview.state === 'importing') return { kind: 'busy' };
  if (preview.state === 'stale' || (await deps.office.currentPreview()) !== previewId)
    return { kind: 'stale' };
  if (!(await deps.office.updatePreview({ ...preview, state: 'importing' }, etag))) {
    const again = await deps.office.preview(previewId);
    return again?.preview.state === 'imported'
      ? { kind: 'already', summary: summaryIn(again.preview) }
      : { kind: 'busy' };
  }
  const claimed = await deps.office.preview(previewId);
  return claimed ? { kind: 'claimed', claim: { preview, etag: claimed.etag } } : { kind: 'unknown' };
}

/**
 * Imports a claimed preview's file, provided it still writes what the preview showed (the plan's
 * fingerprint is unchanged; else nothing is written and the preview is stale). Audited.
 */
export async function importClaimed(
  claim: ImportClaim,
  actorId: string,
  deps: PlacementUploadDeps,
): Promise<ImportOutcome> {
  const { preview, etag } = claim;
  const bytes = await deps.office.readFile(preview.id);
  if (!bytes) {
    // The file went (an erasure clears the office's files): this preview can never be imported.
    await deps.office.updatePreview({ ...preview, state: 'stale' }, etag);
    return { kind: 'stale' };
  }
  let report: ImportReport;
  try {
    report = await importPlacements(bytes, {
      ...(await importDeps(deps)),
      expectFingerprint: preview.fingerprint,
    });
  } catch (error) {
    if (error instanceof StaleImportPlanError) {
      await deps.office.updatePreview({ ...preview, state: 'stale' }, etag);
      return { kind: 'stale' };
    }
    // Nothing was written before the plan was checked; the preview can be tried again.
    await deps.office.updatePreview(preview, etag);
    throw error;
  }
  const summary: ImportedSummary = {
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected.length,
    failed: report.failed,
  };
  await deps.office.updatePreview({ ...preview, state: 'imported', outcome: JSON.stringify(summary) }, etag);
  await deps.office.deleteFile(preview.id);
  await deps.office.audit({
    at: deps.now.toISOString(),
    actorId,
    action: 'placements_imported',
    detail: {
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      failed: summary.failed.length,
    },
  });
  return { kind: 'imported', summary };
}

/** {@link claimPreview} and {@link importClaimed} in one go. */
export async function importPreviewed(
  previewId: string,
  actorId: string,
  deps: PlacementUploadDeps,
): Promise<ImportOutcome> {
  const claimed = await claimPreview(previewId, deps);
  return claimed.kind === 'claimed' ? importClaimed(claimed.claim, actorId, deps) : claimed;
}

async function importDeps(deps: PlacementUploadDeps) {
  const qualificationVersions = await deps.qualificationVersions();
  return {
    store: deps.importStore,
    qualificationIds: [...qualificationVersions.keys()],
    qualificationVersions,
    today: deps.today,
    ...(deps.keptFrom ? { keptFrom: deps.keptFrom } : {}),
  };
}

function summaryOf(report: ImportReport): PreviewSummary {
  return {
    created: report.plan.created,
    updated: report.plan.updated,
    unchanged: report.unchanged,
    ended: report.plan.ended,
    rejected: report.rejected,
    warnings: report.warnings,
    newPeople: report.plan.newPeople,
  };
}

/** Every refused row with its line number and reasons, for the office to fix in the student system. */
function rejectedCsv(report: ImportReport): Uint8Array {
  const rows = [
    ['regel', 'reden'],
    ...report.rejected.map(({ line, reasons }) => [String(line), reasons.join('; ')]),
    ...report.warnings.map(({ line, message }) => [String(line), `let op: ${message}`]),
  ];
  // A byte-order mark, so Excel opens the report as UTF-8.
  return Buffer.from(`\uFEFF${stringify(rows, { delimiter: ';' })}`, 'utf8');
}
