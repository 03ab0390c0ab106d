import { randomUUID } from 'node:crypto';
import { type DownloadLinkDeps, issueOfficeLink } from '../download-links';
import { type ExportPlan, exportArchive, type OfficeFileDeps } from './office-files';
import type { OfficeStore } from './ports';

export interface ExportBuildDeps extends Pick<OfficeFileDeps, 'render' | 'agreementCsv'> {
  readonly office: Pick<OfficeStore, 'saveFile'>;
  readonly downloads: DownloadLinkDeps;
}

/**
 * Makes a planned export's zip, keeps it among the office's files and issues its one-time link.
 * Only a finished zip is kept and linked: if making it fails, nothing is left to download.
 */
export async function buildExport(
  deps: ExportBuildDeps,
  plan: ExportPlan,
  now: () => Date,
  onPdf?: (made: number, total: number) => Promise<void>,
): Promise<{ url: string; expiresAt: Date }> {
  const bytes = await exportArchive(deps, plan, onPdf);
  const fileId = `export-${randomUUID()}`;
  await deps.office.saveFile(fileId, bytes);
  return issueOfficeLink(deps.downloads, { kind: 'export', formats: plan.formats, fileId }, now());
}

/**
 * When to tell of progress: at every tenth of the way at most, and no sooner than `everyMs` after
 * the last time (Teams limits how often a message may be changed). The last step is left to the
 * card with the link.
 */
export function progressSteps(everyMs: number, clock: () => number = Date.now) {
  let shownTenth = 0;
  let shownAt = Number.NEGATIVE_INFINITY;
  return (made: number, total: number): boolean => {
    if (made >= total) return false;
    const tenth = Math.floor((made * 10) / total);
    if (tenth <= shownTenth) return false;
    const at = clock();
    if (at - shownAt < everyMs) return false;
    shownTenth = tenth;
    shownAt = at;
    return true;
  };
}
