import type { Placement } from '../domain/placement';
import { approvedVersions, type DocumentDeps, type ExportedVersion } from './agreement-documents';
import type { PlacementScan } from './personal-data-ports';

/** What the export reads: every placement, their stored versions and their qualifications. */
export interface AgreementExportDeps extends Omit<DocumentDeps, 'render'> {
  readonly placements: PlacementScan;
}

export interface AgreementExportOptions {
  /** Only versions approved on or after this `YYYY-MM-DD` day (in the school's time zone). */
  readonly since?: string;
  /** Told after each placement is read, with how many there are in all. */
  readonly onPlacement?: (done: number, total: number) => void;
}

/** The approved versions to export, and of how many placements. */
export interface AgreementExport {
  readonly placements: number;
  /** In a fixed order, so the same data exports to the same files (see {@link approvedVersions}). */
  readonly versions: AsyncGenerator<ExportedVersion>;
}

/**
 * The export of approved agreements for the student system: reads every placement, then yields
 * each approved version (with its document and its CSV/JSON rows) as its placement is read.
 */
export async function exportApprovedAgreements(
  deps: AgreementExportDeps,
  options: AgreementExportOptions = {},
): Promise<AgreementExport> {
  const placements: Placement[] = [];
  for await (const p of deps.placements.listAll()) placements.push(p);
  const { onPlacement } = options;
  return {
    placements: placements.length,
    versions: approvedVersions(deps, placements, {
      ...(options.since ? { since: options.since } : {}),
      ...(onPlacement ? { onPlacement: (done: number) => onPlacement(done, placements.length) } : {}),
    }),
  };
}
