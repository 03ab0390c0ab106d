import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { Placement, Role } from '../domain/placement';
import type { KeyHasher } from './keys';
import {
  type PersonIndexEntity,
  PLACEMENT_ROW,
  type PlacementEntity,
  personIndexEntity,
  toEntity,
  toPlacement,
} from './placement-repository';
import { isNotFound, type TableStore, translateStorageError } from './table-store';

/** A stored placement with the ETag its next write must carry. */
export interface StoredPlacement {
  readonly placement: Placement;
  readonly etag: string;
}

/** Table Storage accepts at most 100 operations in one batch transaction. */
export const MAX_BATCH = 100;

/**
 * The writes of a bulk import: one scan instead of a read per row, person-index rows in batch
 * transactions per partition, and placement writes that carry the ETag they were planned on. Every
 * failure comes out translated (a 412 as ConcurrentUpdateError), so the caller can decide to retry.
 */
export class PlacementImportStore {
  private readonly placements: TableClient;
  private readonly people: TableClient;
  /** The keyed hashes placement ids and index rows are made with. */
  readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.placements = store.client('placements');
    this.people = store.client('people');
    this.keys = store.keys;
  }

  /** Every stored placement with its ETag: the same scan as the reminder sweep's. */
  async *stored(): AsyncGenerator<StoredPlacement> {
    try {
      const rows = this.placements.listEntities<PlacementEntity>({
        queryOptions: { filter: odata`RowKey eq ${PLACEMENT_ROW}` },
      });
      for await (const entity of rows) yield { placement: toPlacement(entity), etag: entity.etag };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** One placement as stored now, for a retry after someone else wrote it. */
  async read(id: string): Promise<StoredPlacement | undefined> {
    try {
      const entity = await this.placements.getEntity<PlacementEntity>(id, PLACEMENT_ROW);
      return { placement: toPlacement(entity), etag: entity.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /** Upserts index rows that share one partition, in one batch transaction (at most {@link MAX_BATCH}). */
  async upsertIndex(rows: readonly PersonIndexEntity[]): Promise<void> {
    try {
      if (rows.length === 1 && rows[0]) {
        await this.people.upsertEntity(rows[0], 'Replace');
        return;
      }
      await this.people.submitTransaction(
        rows.map((row): TransactionAction => ['upsert', { ...row }, 'Replace']),
      );
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Creates a placement that was not stored when the import read the table. */
  async create(placement: Placement): Promise<void> {
    try {
      await this.placements.createEntity(toEntity(placement));
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Replaces a placement, provided nobody wrote it since it was read with `etag`. */
  async replace(placement: Placement, etag: string): Promise<void> {
    try {
      await this.placements.updateEntity(toEntity(placement), 'Replace', { etag });
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Removes the index row of someone who no longer holds `role` in placement `id`. */
  async deleteIndex(id: string, role: Role, email: string): Promise<void> {
    const { partitionKey, rowKey } = personIndexEntity(this.keys, id, role, email);
    try {
      await this.people.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!isNotFound(error)) throw translateStorageError(error);
    }
  }
}
