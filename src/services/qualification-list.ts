import { allWerkprocessen } from '../domain/qualification';
import type { BuiltInQualifications } from '../qualifications/catalog';
import type { QualificationStore } from './qualification-ports';

/** One version of a qualification as the list shows it, without its content. */
export interface QualificationVersionEntry {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly kerntaken: number;
  readonly werkprocessen: number;
  /** When the school stored it (ISO); absent for a built-in qualification (always version 1). */
  readonly savedAt?: string;
}

export interface QualificationListDeps {
  readonly builtIns: BuiltInQualifications;
  readonly store: Pick<QualificationStore, 'list'>;
}

/** Every known version: the built-in qualifications first (in data file order), then the stored ones by id and version. */
export async function listQualificationVersions(
  deps: QualificationListDeps,
): Promise<QualificationVersionEntry[]> {
  const stored = await deps.store.list();
  const builtIn = deps.builtIns.ids().map((id): QualificationVersionEntry => {
    const q = deps.builtIns.require(id);
    return {
      id,
      version: 1,
      title: q.title,
      kerntaken: q.kerntaken.length,
      werkprocessen: allWerkprocessen(q).length,
    };
  });
  return [...builtIn, ...stored];
}
