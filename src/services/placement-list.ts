import type { PlacementScan } from './personal-data-ports';

/** One placement as the coordinator's list shows it: its dates, qualification, company and people. */
export interface PlacementListEntry {
  readonly startDate: string;
  readonly endDate: string;
  readonly qualificationId: string;
  readonly company: string;
  readonly studentName: string;
  readonly trainerName: string;
  readonly supervisorName: string;
}

/** What listing reads: every stored placement. */
export interface PlacementListDeps {
  readonly placements: PlacementScan;
}

/** Every stored placement, in the order storage gives them, for the coordinator's `list`. */
export async function* listPlacements(deps: PlacementListDeps): AsyncGenerator<PlacementListEntry> {
  for await (const p of deps.placements.listAll()) {
    yield {
      startDate: p.startDate,
      endDate: p.endDate,
      qualificationId: p.qualificationId,
      company: p.company,
      studentName: p.student.name,
      trainerName: p.trainer.name,
      supervisorName: p.supervisor.name,
    };
  }
}
