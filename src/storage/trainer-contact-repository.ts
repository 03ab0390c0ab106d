import type { TableClient } from '@azure/data-tables';
import type { TrainerContactSwitch } from '../services/app-install-ports';
import { PLACEMENT_ROW, type PlacementEntity, roundCopyWrites } from './placement-rows';
import { ConcurrentUpdateError, isNotFound, type TableStore, translateStorageError } from './table-store';

/**
 * Sets a placement's `trainerContact` to e-mail and nothing else: a merge of that one property,
 * guarded by the ETag read, so a concurrent change to the placement (a binding, an import) is
 * neither lost nor overwritten; on a conflict the row is read again. The copies of the placement
 * in its round rows change in the same batch.
 */
export class TrainerContactRepository implements TrainerContactSwitch {
  private readonly placements: TableClient;

  constructor(store: TableStore) {
    this.placements = store.client('placements');
  }

  async useEmail(placementId: string): Promise<'changed' | 'unchanged' | 'kept' | 'gone'> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let row: PlacementEntity & { etag: string };
      try {
        row = await this.placements.getEntity<PlacementEntity>(placementId, PLACEMENT_ROW);
      } catch (error) {
        if (isNotFound(error)) return 'gone';
        throw translateStorageError(error);
      }
      if (row.trainerContact === 'email') return 'unchanged';
      if (row.trainerContact === 'teams') return 'kept';
      try {
        await this.placements.submitTransaction([
          [
            'update',
            { partitionKey: placementId, rowKey: PLACEMENT_ROW, trainerContact: 'email' },
            'Merge',
            { etag: row.etag },
          ],
          ...(await roundCopyWrites(this.placements, placementId, { ...row, trainerContact: 'email' })),
        ]);
        return 'changed';
      } catch (error) {
        if (isNotFound(error)) return 'gone';
        const translated = translateStorageError(error);
        if (translated instanceof ConcurrentUpdateError) continue;
        throw translated;
      }
    }
    throw new ConcurrentUpdateError();
  }
}
