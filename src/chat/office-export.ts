import type { OfficeDownload } from '../services/download-links';
import { buildExport, progressSteps } from '../services/office/office-export';
import { type ExportPlan, planExport } from '../services/office/office-files';
import type { OfficeBackground } from './office-background';
import type { OfficeDeps, OfficeTurn } from './office-deps';
import {
  exportBusyCard,
  exportEmptyCard,
  exportFailedCard,
  exportProgressCard,
  exportReadyCard,
} from './office-export-views';
import type { Reply } from './reply';

type ExportRequest = Extract<OfficeDownload, { kind: 'export' }>;

/**
 * An export asked for on the card: answered at once with how many agreements it holds, made in
 * the background with the card redrawn as the PDFs are made, and finally with the one-time link.
 * One export at a time per office member: a second click while one is made says so.
 */
export async function startExport(
  turn: OfficeTurn & { readonly replyToId: string | undefined },
  request: ExportRequest,
  deps: OfficeDeps,
  background: OfficeBackground,
): Promise<Reply> {
  const claim = background.claim(`export:${turn.aadObjectId}`);
  if (!claim) return { card: exportBusyCard() };
  let plan: ExportPlan;
  try {
    plan = await planExport(deps.exports, request);
  } catch (error) {
    claim.release();
    throw error;
  }
  if (plan.versions.length === 0) {
    claim.release();
    return { card: exportEmptyCard() };
  }
  await deps.actions.office.audit({
    at: turn.now.toISOString(),
    actorId: turn.aadObjectId,
    action: 'export_issued',
    detail: {
      since: request.since ?? '',
      until: request.until ?? '',
      formats: request.formats.join(','),
      agreements: plan.versions.length,
    },
  });
  const { replyToId } = turn;
  const update = replyToId ? await deps.cardUpdater(turn.aadObjectId, replyToId) : async () => {};
  const pdfs = request.formats.includes('pdf');
  const total = plan.versions.length;
  claim.run(async () => {
    const due = progressSteps(deps.exports.progressEveryMs);
    let link: { url: string; expiresAt: Date };
    try {
      link = await buildExport(
        deps.exports,
        plan,
        () => turn.now,
        async (made) => {
          if (!due(made, total)) return;
          // A progress line that does not get through is no reason to stop the export.
          await update(exportProgressCard(made, total, pdfs)).catch((error: unknown) =>
            deps.logger.warn({ err: error, event: 'export_progress_not_shown' }, 'export progress not shown'),
          );
        },
      );
    } catch (error) {
      deps.logger.warn({ err: error, event: 'export_failed' }, 'export failed');
      await update(exportFailedCard(request));
      return;
    }
    deps.logger.info({ event: 'export_made', agreements: total }, 'export made');
    await update(exportReadyCard(request, total, link, turn.now));
  }, deps.logger);
  return { card: exportProgressCard(0, total, pdfs) };
}
