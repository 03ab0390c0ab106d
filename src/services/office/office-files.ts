import JSZip from 'jszip';
import type { Placement } from '../../domain/placement';
import {
  type AgreementExportRow,
  type AgreementFile,
  approvedVersions,
  type DocumentDeps,
  type DocumentVersionStore,
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
  readonly office: Pick<OfficeStore, 'readFile'>;
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
      case 'export':
        return { fileName: `export-${today}.zip`, bytes: await agreementArchive(deps, download) };
    }
  };
}

/**
 * The approved agreements of the period as one zip: a PDF per approved version and `afspraken.csv`
 * for the student system, as `npm run export` writes them to a folder.
 */
export async function agreementArchive(
  deps: DocumentDeps & Pick<OfficeOverviewDeps, 'placements'> & Pick<OfficeFileDeps, 'agreementCsv'>,
  options: { since?: string; until?: string; formats: readonly ('pdf' | 'csv')[] },
): Promise<Buffer> {
  const placements: Placement[] = [];
  for await (const p of deps.placements.listAll()) placements.push(p);
  const zip = new JSZip();
  const rows: AgreementExportRow[] = [];
  for await (const v of approvedVersions(deps, placements, options.since ? { since: options.since } : {})) {
    const approvedOn = v.rows[0]?.approved_at.slice(0, 10) ?? '';
    if (options.until && approvedOn > options.until) continue;
    rows.push(...v.rows);
    if (options.formats.includes('pdf')) zip.file(v.fileName, await deps.render(v.document));
  }
  if (options.formats.includes('csv')) zip.file('afspraken.csv', deps.agreementCsv(rows));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
