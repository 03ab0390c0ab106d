import { odata, RestError, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { Placement } from '../domain/placement';
import { ConcurrentUpdateError, StorageRefusedError, StorageUnavailableError } from '../services/errors';
import type {
  PlacementImportPort,
  RoleIndexEntry,
  StoredPlacement,
} from '../services/placement-import-ports';
import type { KeyHasher } from './keys';
import {
  PLACEMENT_ROW,
  type PlacementEntity,
  personIndexEntity,
  toEntity,
  toPlacement,
} from './placement-repository';
import { roundCopyWrites } from './placement-rows';
import { isNotFound, type TableStore, translateStorageError } from './table-store';

export type { StoredPlacement };

/** Table Storage accepts at most 100 operations in one batch transaction. */
export const MAX_BATCH = 100;

/**
 * The writes of a bulk import: one scan instead of a read per row, person-index rows in batch
 * transactions per partition, and placement writes that carry the ETag they were planned on. Every
 * failure comes out as one of the errors the port names, so the import can decide to retry.
 */
export class PlacementImportStore implements PlacementImportPort {
  readonly maxIndexBatch = MAX_BATCH;
  private readonly placements: TableClient;
  private readonly people: TableClient;
  private readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.placements = store.client('placements');
    this.people = store.client('people');
    this.keys = store.keys;
  }

  placementIdFor(studentEmail: string, qualificationId: string, startDate: string): string {
    return this.keys.placementKey(studentEmail, qualificationId, startDate);
  }

  /** The index row's partition: a batch transaction stays within one. */
  indexGroup(entry: RoleIndexEntry): string {
    return this.keys.emailKey(entry.email);
  }

  /** Every stored placement with its ETag: the same scan as the reminder sweep's. */
  async *stored(): AsyncGenerator<StoredPlacement> {
    try {
      const rows = this.placements.listEntities<PlacementEntity>({
        queryOptions: { filter: odata`RowKey eq ${PLACEMENT_ROW}` },
      });
      for await (const entity of rows) yield { placement: toPlacement(entity), etag: entity.etag };
    } catch (error) {
      throw importFailure(error);
    }
  }

  async read(id: string): Promise<StoredPlacement | undefined> {
    try {
      const entity = await this.placements.getEntity<PlacementEntity>(id, PLACEMENT_ROW);
      return { placement: toPlacement(entity), etag: entity.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw importFailure(error);
    }
  }

  /** Upserts index rows that share one partition, in one batch transaction (at most {@link MAX_BATCH}). */
  async upsertIndex(entries: readonly RoleIndexEntry[]): Promise<void> {
    const rows = entries.map(({ placementId, role, email }) =>
      personIndexEntity(this.keys, placementId, role, email),
    );
    try {
      if (rows.length === 1 && rows[0]) {
        await this.people.upsertEntity(rows[0], 'Replace');
        return;
      }
      await this.people.submitTransaction(
        rows.map((row): TransactionAction => ['upsert', { ...row }, 'Replace']),
      );
    } catch (error) {
      throw importFailure(error);
    }
  }

  async create(placement: Placement): Promise<void> {
    try {
      await this.placements.createEntity(toEntity(placement));
    } catch (error) {
      throw importFailure(error);
    }
  }

  async replace(placement: Placement, etag: string): Promise<void> {
    try {
      // The round rows' copies of the placement change with it, in the same batch.
      const entity = toEntity(placement);
      await this.placements.submitTransaction([
        ['update', entity, 'Replace', { etag }],
        ...(await roundCopyWrites(this.placements, placement.id, entity)),
      ]);
    } catch (error) {
      throw importFailure(error);
    }
  }

  async deleteIndex({ placementId, role, email }: RoleIndexEntry): Promise<void> {
    const { partitionKey, rowKey } = personIndexEntity(this.keys, placementId, role, email);
    try {
      await this.people.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!isNotFound(error)) throw importFailure(error);
    }
  }
}

/** Turns an SDK failure into the error the port promises for it. */
function importFailure(error: unknown): unknown {
  const translated = translateStorageError(error);
  if (!(translated instanceof RestError)) return translated;
  const status = translated.statusCode;
  // 404 and 409: the row was removed or created since it was read; reading it again resolves it.
  if (status === 404 || status === 409) return new ConcurrentUpdateError();
  // 408 and 429: storage timed out or throttled this client; it takes the request again later.
  if (status === 408 || status === 429) return new StorageUnavailableError(translated);
  // Table Storage names the reason in a header; the SDK leaves `code` empty for most answers.
  const code = translated.code ?? translated.response?.headers.get('x-ms-error-code') ?? undefined;
  return new StorageRefusedError(status, code, translated);
}
