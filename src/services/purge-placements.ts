import { type Placement, ROLES } from '../domain/placement';
import { retentionCutoff } from '../domain/privacy';
import type { PersonalDataStore, PlacementScan } from './personal-data-ports';

/** What the purge needs from storage. */
export interface PurgeDeps {
  readonly placements: PlacementScan;
  readonly personalData: Pick<PersonalDataStore, 'removePlacement' | 'removeInactive'>;
}

/** One placement past its retention: its id and end date, nothing personal. */
export interface ExpiredPlacement {
  readonly id: string;
  readonly endDate: string;
}

export interface PurgeReport {
  /** Placements that ended before this date are past retention. */
  readonly cutoff: string;
  readonly placements: readonly ExpiredPlacement[];
  /** Zero on a dry run. */
  readonly rows: number;
  readonly reminderRows: number;
  readonly indexRows: number;
  /** Bindings and conversation references of people inactive since the cutoff and in no placement left. */
  readonly users: number;
  readonly conversations: number;
}

/**
 * Removes every placement that ended more than `months` months before `today` (`YYYY-MM-DD`):
 * the whole partition (placement, rounds, answers, audit trail, cards), its reminder rows and its
 * people's index rows. People who hold no role in a placement left and have not written to the bot
 * since the cutoff lose their user binding and conversation reference too. A dry run lists them and writes nothing. Running it twice removes nothing
 * the second time.
 */
export async function purgeExpiredPlacements(
  input: { today: string; months: number; dryRun: boolean },
  deps: PurgeDeps,
): Promise<PurgeReport> {
  const cutoff = retentionCutoff(input.today, input.months);
  const expired: Placement[] = [];
  const stillBound = new Set<string>();
  for await (const placement of deps.placements.listAll()) {
    if (placement.endDate < cutoff) expired.push(placement);
    else
      for (const role of ROLES)
        if (placement[role].aadObjectId) stillBound.add(placement[role].aadObjectId as string);
  }
  expired.sort((a, b) => (a.endDate === b.endDate ? (a.id < b.id ? -1 : 1) : a.endDate < b.endDate ? -1 : 1));
  let rows = 0;
  let reminderRows = 0;
  let indexRows = 0;
  if (!input.dryRun) {
    for (const placement of expired) {
      const removed = await deps.personalData.removePlacement(placement.id, {
        student: placement.student.email,
        trainer: placement.trainer.email,
        supervisor: placement.supervisor.email,
      });
      rows += removed.rows;
      reminderRows += removed.reminderRows;
      indexRows += removed.indexRows;
    }
  }
  const inactive = await deps.personalData.removeInactive(cutoff, stillBound, input.dryRun);
  return {
    cutoff,
    placements: expired.map((p) => ({ id: p.id, endDate: p.endDate })),
    rows,
    reminderRows,
    indexRows,
    users: inactive.users,
    conversations: inactive.conversations,
  };
}
