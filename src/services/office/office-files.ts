import JSZip from 'jszip';
import type { Placement } from '../../domain/placement';
import {
  type AgreementExportRow,
  type AgreementFile,
  approvedVersions,
  type DocumentDeps,
  type DocumentVersionStore,
  type ExportedVersion,
  type WriteAgreementCsv,
} from '../agreement-documents';
import type { RoundStore } from '../check-in/ports';
import type { OverviewRules } from '../coordinator-overview';
import type { OfficeDownload, OfficeFileMaker } from '../download-links';
import { type OfficeOverviewDeps, officeOverview, officeOverviewCsv } from './office-overview';
import { reportFileId } from './placement-upload';
import type { OfficeStore } from './ports';

export interface OfficeFileDeps extends Omit<DocumentDeps, 'rounds'>, Omit<OfficeOverviewDeps, 'rounds'> {
  readonly rounds: DocumentVersionStore & Pick<RoundStore, 'list'>;
  readonly office: Pick<OfficeStore, 'readFile' | 'deleteFile'>;
  readonly rules: OverviewRules;
  readonly now: () => Date;
  /** The export's `afspraken.csv` in the zip, as `npm run export` writes it. */
  readonly agreementCsv: WriteAgreementCsv;
}

/** Makes the file behind an office download link at the moment it is used. */
export function officeFileMaker(deps: OfficeFileDeps): OfficeFileMaker {
  return async (download: OfficeDownload): Promise<AgreementFile | undefined> => {
    const today = deps.now().toISOString().slice(0, 10);
    switch (download.kind) {
      case 'report': {
        const bytes = await deps.office.readFile(reportFileId(download.previewId));
        return bytes ? { fileName: 'afgewezen-regels.csv', bytes: Buffer.from(bytes) } : undefined;
      }
      case 'overview': {
        const overview = await officeOverview(deps, deps.now(), deps.rules);
        return { fileName: `overzicht-${today}.csv`, bytes: Buffer.from(officeOverviewCsv(overview)) };
      }
      case 'export': {
        if (!download.fileId)
          return { fileName: `export-${today}.zip`, bytes: await agreementArchive(deps, download) };
        // A zip made in the background: given once, then gone.
        const bytes = await deps.office.readFile(download.fileId);
        if (!bytes) return undefined;
        await deps.office.deleteFile(download.fileId);
        return { fileName: `export-${today}.zip`, bytes: Buffer.from(bytes) };
      }
    }
  };
}

/** What an export will hold: the approved versions of the period, before any PDF is made. */
export interface ExportPlan {
  readonly versions: readonly ExportedVersion[];
  readonly formats: readonly ('pdf' | 'csv')[];
}

export type ExportOptions = { since?: string; until?: string; formats: readonly ('pdf' | 'csv')[] };

/** The approved versions an export of the period holds; cheap next to making their PDFs. */
export async function planExport(
  deps: Omit<DocumentDeps, 'render'> & Pick<OfficeOverviewDeps, 'placements'>,
  options: ExportOptions,
): Promise<ExportPlan> {
  const placements: Placement[] = [];
  for await (const p of deps.placements.listAll()) placements.push(p);
  const versions: ExportedVersion[] = [];
  for await (const v of approvedVersions(deps, placements, options.since ? { since: options.since } : {})) {
    const approvedOn = v.rows[0]?.approved_at.slice(0, 10) ?? '';
    if (options.until && approvedOn > options.until) continue;
    versions.push(v);
  }
  return { versions, formats: options.formats };
}

/**
 * The zip of a planned export: a PDF per approved version and `afspraken.csv` for the student
 * system, as `npm run export` writes them to a folder. `onPdf` hears of every PDF made, and is
 * awaited, so whoever shows the progress sees it in order.
 */
export async function exportArchive(
  deps: Pick<DocumentDeps, 'render'> & Pick<OfficeFileDeps, 'agreementCsv'>,
  plan: ExportPlan,
  onPdf: (made: number, total: number) => Promise<void> = async () => {},
): Promise<Buffer> {
  const zip = new JSZip();
  const rows: AgreementExportRow[] = [];
  const total = plan.formats.includes('pdf') ? plan.versions.length : 0;
  let made = 0;
  for (const v of plan.versions) {
    rows.push(...v.rows);
    if (total === 0) continue;
    zip.file(v.fileName, await deps.render(v.document));
    made += 1;
    await onPdf(made, total);
  }
  if (plan.formats.includes('csv')) zip.file('afspraken.csv', deps.agreementCsv(rows));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * The approved agreements of the period as one zip, made in one go (an export link issued before
 * exports were made in the background).
 */
export async function agreementArchive(
  deps: DocumentDeps & Pick<OfficeOverviewDeps, 'placements'> & Pick<OfficeFileDeps, 'agreementCsv'>,
  options: ExportOptions,
): Promise<Buffer> {
  return exportArchive(deps, await planExport(deps, options));
}
