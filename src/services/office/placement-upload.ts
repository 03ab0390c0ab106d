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
import type { OfficeStore } from './ports';

/** What a placements preview or import works with. */
export interface PlacementUploadDeps {
  readonly office: OfficeStore;
  readonly importStore: PlacementImportPort;
  readonly qualificationIds: readonly string[];
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
    report = await importPlacements(bytes, { ...importDeps(deps), dryRun: true });
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

/**
 * Imports the file of a preview, provided it still writes what the preview showed: the preview is
 * the current one and the plan's fingerprint is unchanged. The preview is claimed with its ETag
 * first, so of two clicks one imports and the other is told so.
 */
export async function importPreviewed(
  previewId: string,
  actorId: string,
  deps: PlacementUploadDeps,
): Promise<ImportOutcome> {
  const read = await deps.office.preview(previewId);
  if (!read) return { kind: 'unknown' };
  const { preview, etag } = read;
  if (preview.state === 'imported') {
    return {
      kind: 'already',
      summary: preview.outcome ? (JSON.parse(preview.outcome) as ImportedSummary) : undefined,
    };
  }
  if (preview.state === 'importing') return { kind: 'busy' };
  if (preview.state === 'stale' || (await deps.office.currentPreview()) !== previewId)
    return { kind: 'stale' };
  const claimed = { ...preview, state: 'importing' as const };
  if (!(await deps.office.updatePreview(claimed, etag))) {
    const again = await deps.office.preview(previewId);
    return again?.preview.state === 'imported'
      ? {
          kind: 'already',
          summary: again.preview.outcome ? (JSON.parse(again.preview.outcome) as ImportedSummary) : undefined,
        }
      : { kind: 'busy' };
  }
  const after = await deps.office.preview(previewId);
  const bytes = await deps.office.readFile(previewId);
  if (!after || !bytes) return { kind: 'unknown' };
  let report: ImportReport;
  try {
    report = await importPlacements(bytes, { ...importDeps(deps), expectFingerprint: preview.fingerprint });
  } catch (error) {
    if (error instanceof StaleImportPlanError) {
      await deps.office.updatePreview({ ...preview, state: 'stale' }, after.etag);
      return { kind: 'stale' };
    }
    // Nothing was written before the plan was checked; the preview can be tried again.
    await deps.office.updatePreview(preview, after.etag);
    throw error;
  }
  const summary: ImportedSummary = {
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected.length,
    failed: report.failed,
  };
  await deps.office.updatePreview(
    { ...preview, state: 'imported', outcome: JSON.stringify(summary) },
    after.etag,
  );
  await deps.office.deleteFile(previewId);
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

function importDeps(deps: PlacementUploadDeps) {
  return {
    store: deps.importStore,
    qualificationIds: deps.qualificationIds,
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
