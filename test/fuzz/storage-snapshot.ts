import { odata } from '@azure/data-tables';
import type { TableStore } from '../../src/storage/table-store';

/** Every row of a query with its ETag, sorted by key, as comparable text. */
export interface RowsSnapshot {
  readonly rows: readonly string[];
}

async function rows(
  store: TableStore,
  table: 'placements' | 'people' | 'users',
  filter?: string,
): Promise<string[]> {
  const found: string[] = [];
  const entities = store
    .client(table)
    .listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {});
  for await (const entity of entities) found.push(JSON.stringify(entity));
  return found.sort();
}

/** All rows of one placement's partition: the placement, its rounds, audit trail and tracked cards. */
export async function placementPartition(store: TableStore, placementId: string): Promise<RowsSnapshot> {
  return { rows: await rows(store, 'placements', odata`PartitionKey eq ${placementId}`) };
}

/** The whole person index (only imports write it). */
export async function peopleTable(store: TableStore): Promise<RowsSnapshot> {
  return { rows: await rows(store, 'people') };
}

/** Entra object id → e-mail hash bindings. */
export async function userBindings(store: TableStore): Promise<Map<string, string>> {
  const bindings = new Map<string, string>();
  const entities = store.client('users').listEntities<{ emailKey: string }>();
  for await (const entity of entities) bindings.set(entity.partitionKey ?? '', entity.emailKey);
  return bindings;
}

/** Which Entra ids a placement row has bound to its roles. */
export async function boundIds(
  store: TableStore,
  placementId: string,
): Promise<Record<'student' | 'trainer' | 'supervisor', unknown>> {
  const entity = await store
    .client('placements')
    .getEntity<Record<string, unknown>>(placementId, 'placement');
  return {
    student: entity.studentAadObjectId,
    trainer: entity.trainerAadObjectId,
    supervisor: entity.supervisorAadObjectId,
  };
}
