import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { Role } from '../domain/placement';
import type {
  ForgottenActor,
  PersonalDataStore,
  RemovedPerson,
  RemovedPlacement,
} from '../services/personal-data-ports';
import type { KeyHasher } from './keys';
import { roundCopyWrites } from './placement-rows';
import { RoundRepository } from './round-repository';
import {
  ConcurrentUpdateError,
  isNotFound,
  isPreconditionFailed,
  type TableStore,
  translateStorageError,
} from './table-store';
import { VERSION_PREFIX } from './version-rows';

/** A row's address. */
interface RowKeyPair {
  partitionKey: string;
  rowKey: string;
}

type Row = RowKeyPair & Record<string, unknown>;

// A batch holds at most 100 operations, all in one partition.
const BATCH = 100;

/** Every row matching `filter` (all rows without one). */
export async function listRows(client: TableClient, filter?: string): Promise<Row[]> {
  const rows: Row[] = [];
  const iterator = client.listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {});
  for await (const entity of iterator) rows.push(entity as Row);
  return rows;
}

/** Deletes rows in batches per partition; a row someone else removed meanwhile counts as gone. */
export async function deleteRows(client: TableClient, rows: readonly RowKeyPair[]): Promise<number> {
  const byPartition = new Map<string, RowKeyPair[]>();
  for (const row of rows) {
    const list = byPartition.get(row.partitionKey) ?? [];
    list.push(row);
    byPartition.set(row.partitionKey, list);
  }
  for (const list of byPartition.values()) {
    for (let i = 0; i < list.length; i += BATCH) {
      const chunk = list.slice(i, i + BATCH);
      const actions = chunk.map(
        (r): TransactionAction => ['delete', { partitionKey: r.partitionKey, rowKey: r.rowKey }],
      );
      try {
        await client.submitTransaction(actions);
      } catch {
        // One missing row fails the whole batch: delete one by one, ignoring the missing.
        for (const r of chunk) await deleteRow(client, r);
      }
    }
  }
  return rows.length;
}

async function deleteRow(client: TableClient, row: RowKeyPair): Promise<boolean> {
  try {
    await client.deleteEntity(row.partitionKey, row.rowKey);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw translateStorageError(error);
  }
}

const PLACEMENT_ROW = 'placement';
const ROLE_FIELDS = (role: Role) => ({
  email: `${role}Email`,
  name: `${role}Name`,
  aadObjectId: `${role}AadObjectId`,
});

/**
 * The storage side of erasure and the retention purge: removing a placement's partition with
 * everything keyed by it, and removing or anonymising a person across the tables. Rows are
 * handled raw here, field by field, because these operations cut across every aggregate.
 */
export class PersonalDataRepository implements PersonalDataStore {
  private readonly placements: TableClient;
  private readonly people: TableClient;
  private readonly users: TableClient;
  private readonly appInstalls: TableClient;
  private readonly conversations: TableClient;
  private readonly reminders: TableClient;
  private readonly coordinators: TableClient;
  private readonly keys: KeyHasher;
  private readonly rounds: RoundRepository;

  private readonly office: TableClient;
  constructor(store: TableStore) {
    this.placements = store.client('placements');
    this.people = store.client('people');
    this.office = store.client('office');
    this.users = store.client('users');
    this.appInstalls = store.client('appInstalls');
    this.conversations = store.client('conversations');
    this.reminders = store.client('reminders');
    this.coordinators = store.client('coordinators');
    this.keys = store.keys;
    this.rounds = new RoundRepository(store);
  }

  /** The storage keys an address has: its keyed hash under the current `EMAIL_HASH_KEY`. */
  emailKeys(email: string): string[] {
    return [this.keys.emailKey(email)];
  }

  /**
   * Removes a placement's whole partition (placement, rounds, answers, audit trail, cards), its
   * reminder rows, and the index rows of its people (`emails` by role).
   */
  async removePlacement(
    placementId: string,
    emails: Readonly<Record<Role, string>>,
  ): Promise<RemovedPlacement> {
    try {
      const rows = await listRows(this.placements, odata`PartitionKey eq ${placementId}`);
      const reminderRows = await listRows(this.reminders, odata`PartitionKey eq ${placementId}`);
      let indexRows = 0;
      for (const [role, email] of Object.entries(emails) as [Role, string][]) {
        if (!email) continue;
        for (const key of this.emailKeys(email)) {
          if (await deleteRow(this.people, { partitionKey: key, rowKey: `${placementId}|${role}` }))
            indexRows += 1;
        }
      }
      await deleteRows(this.reminders, reminderRows);
      // The placement row goes last: until then the placement is still listed and a rerun finishes.
      const placementRow = rows.filter((r) => r.rowKey === PLACEMENT_ROW);
      await deleteRows(
        this.placements,
        rows.filter((r) => r.rowKey !== PLACEMENT_ROW),
      );
      await deleteRows(this.placements, placementRow);
      return { rows: rows.length, reminderRows: reminderRows.length, indexRows };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Forgets the person in `role` of a placement that stays for the others: their name becomes
   * `marker` in the placement and in its agreement versions, their address empty, their Entra id
   * is dropped, and the reminder rows about that role are removed. Returns how many reminder rows
   * were removed and how many versions had the name replaced.
   */
  async forgetRole(
    placementId: string,
    role: Role,
    marker: string,
  ): Promise<{ reminderRows: number; versions: number }> {
    try {
      await this.anonymisePlacementRow(placementId, role, marker);
      // Agreement versions keep the names as they were submitted: the one rewrite they allow.
      const versions = await listRows(
        this.placements,
        odata`PartitionKey eq ${placementId} and RowKey ge ${VERSION_PREFIX} and RowKey lt ${'version}'}`,
      );
      const named = versions.filter((r) => typeof r[ROLE_FIELDS(role).name] === 'string');
      for (const row of named) await this.rewrite(row, { [ROLE_FIELDS(role).name]: marker });
      const reminderRows = (await listRows(this.reminders, odata`PartitionKey eq ${placementId}`)).filter(
        (row) => reminderRole(row) === role,
      );
      return { reminderRows: await deleteRows(this.reminders, reminderRows), versions: named.length };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Takes a person's Entra ids out of every placement: audit entries and supervisor decisions keep
   * the event with `marker` as actor; the cards tracked in their chat are forgotten. Searches the
   * whole table, so placements they were taken out of earlier are covered too.
   */
  async forgetActor(aadObjectIds: ReadonlySet<string>, marker: string): Promise<ForgottenActor> {
    try {
      let auditEntries = 0;
      let decisions = 0;
      let cards = 0;
      for (const id of aadObjectIds) {
        for (const row of await listRows(this.placements, odata`actorId eq ${id}`)) {
          await this.placements.updateEntity(
            { partitionKey: row.partitionKey, rowKey: row.rowKey, actorId: marker },
            'Merge',
          );
          auditEntries += 1;
        }
        cards += await deleteRows(
          this.placements,
          await listRows(this.placements, odata`aadObjectId eq ${id}`),
        );
      }
      // Agreement versions and their decisions are never rewritten, except here: the record stays,
      // with the marker in place of the person's Entra id.
      let versions = 0;
      for (const id of aadObjectIds) {
        const filters = {
          settledBy: odata`settledBy eq ${id}`,
          confirmedBy: odata`confirmedBy eq ${id}`,
          decidedBy: odata`decidedBy eq ${id}`,
        };
        for (const [field, filter] of Object.entries(filters)) {
          for (const row of await listRows(this.placements, filter)) {
            await this.rewrite(row, { [field]: marker });
            versions += 1;
          }
        }
      }
      // Decisions live with their round (in its text rows), so they change through the rounds
      // themselves: read, replace the actor, write back with the ETag read.
      const roundRows = await listRows(
        this.placements,
        odata`RowKey ge ${'round|'} and RowKey lt ${'round}'}`,
      );
      const placementIds = new Set(roundRows.map((row) => String(row.partitionKey)));
      for (const placementId of placementIds) {
        for (const { round, etag, placement } of await this.rounds.list(placementId)) {
          const theirs = round.decisions.filter((d) => aadObjectIds.has(d.by)).length;
          // The trainer who settled the list last is named in the round too.
          const settled = round.settled && aadObjectIds.has(round.settled.by);
          if (theirs === 0 && !settled) continue;
          await this.rounds.save(
            {
              ...round,
              decisions: round.decisions.map((d) => (aadObjectIds.has(d.by) ? { ...d, by: marker } : d)),
              ...(settled && round.settled ? { settled: { ...round.settled, by: marker } } : {}),
            },
            etag,
            [],
            {},
            placement,
          );
          decisions += theirs;
        }
      }
      return { auditEntries, decisions, versions, cards };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Replaces fields of a listed row, guarded by the ETag it was listed with. */
  private async rewrite(row: Row, fields: Record<string, string>): Promise<void> {
    await this.placements.updateEntity(
      { partitionKey: row.partitionKey, rowKey: row.rowKey, ...fields },
      'Merge',
      {
        etag: String(row.etag),
      },
    );
  }

  private async anonymisePlacementRow(placementId: string, role: Role, marker: string): Promise<void> {
    const fields = ROLE_FIELDS(role);
    for (let attempt = 0; attempt < 3; attempt++) {
      let entity: Row & { etag: string };
      try {
        entity = (await this.placements.getEntity<Record<string, unknown>>(
          placementId,
          PLACEMENT_ROW,
        )) as Row & {
          etag: string;
        };
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      const { etag, timestamp: _timestamp, ...rest } = entity;
      const updated: Row = { ...rest, [fields.name]: marker, [fields.email]: '' };
      delete updated[fields.aadObjectId];
      delete (updated as Record<string, unknown>)['odata.etag'];
      try {
        // The round rows' copies of the placement are anonymised with it, in the same batch.
        await this.placements.submitTransaction([
          ['update', updated, 'Replace', { etag }],
          ...(await roundCopyWrites(this.placements, placementId, updated)),
        ]);
        return;
      } catch (error) {
        if (isPreconditionFailed(error)) continue;
        throw error;
      }
    }
    throw new ConcurrentUpdateError();
  }

  /**
   * Clears the coordinator address from a placement row and from the copies of it that its round
   * rows carry, in one batch guarded by the row's ETag; a row changed meanwhile is read again.
   */
  private async clearCoordinator(listed: Row, email: string): Promise<void> {
    let row: Row | undefined = listed;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!row || row.coordinatorEmail !== email) return;
      const placementId = String(row.partitionKey);
      const cleared = { ...row, coordinatorEmail: '' };
      try {
        await this.placements.submitTransaction([
          [
            'update',
            { partitionKey: placementId, rowKey: PLACEMENT_ROW, coordinatorEmail: '' },
            'Merge',
            { etag: String(row.etag) },
          ],
          ...(await roundCopyWrites(this.placements, placementId, cleared)),
        ]);
        return;
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
      }
      try {
        row = (await this.placements.getEntity<Record<string, unknown>>(placementId, PLACEMENT_ROW)) as Row;
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
    }
    throw new ConcurrentUpdateError();
  }

  /** The Entra ids bound to any of these e-mail keys in the users table. */
  async idsBoundTo(emailKeys: readonly string[]): Promise<string[]> {
    try {
      const ids: string[] = [];
      for (const key of emailKeys) {
        for (const row of await listRows(this.users, odata`emailKey eq ${key}`)) ids.push(row.partitionKey);
      }
      return ids;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Removes what identifies a person outside the placements: every index row (and failed app
   * install) under their e-mail keys, and the user binding and conversation reference of each of their Entra ids.
   */
  /**
   * The office's files (uploaded placements files, their reports, exports not yet downloaded) are
   * passing copies of what the placements hold: after an erasure none of them may still name the
   * person, so they all go (a preview whose file went is refused on Importeren, and sent again).
   */
  async forgetOfficeFiles(): Promise<number> {
    const office = this.office;
    return deleteRows(
      office,
      await listRows(office, odata`PartitionKey ge ${'file|'} and PartitionKey lt ${'file}'}`),
    );
  }

  async removePerson(
    emailKeys: readonly string[],
    aadObjectIds: ReadonlySet<string>,
  ): Promise<RemovedPerson> {
    try {
      let indexRows = 0;
      for (const key of emailKeys) {
        indexRows += await deleteRows(
          this.people,
          await listRows(this.people, odata`PartitionKey eq ${key}`),
        );
        // A failed install of the Teams app is kept under the same key.
        indexRows += await deleteRows(
          this.appInstalls,
          await listRows(this.appInstalls, odata`PartitionKey eq ${key}`),
        );
      }
      let users = 0;
      let conversations = 0;
      for (const id of aadObjectIds) {
        users += await deleteRows(this.users, await listRows(this.users, odata`PartitionKey eq ${id}`));
        conversations += await deleteRows(
          this.conversations,
          await listRows(this.conversations, odata`PartitionKey eq ${id}`),
        );
      }
      return { indexRows, users, conversations };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async forgetCoordinator(
    email: string,
    emailKeys: readonly string[],
    aadObjectIds: ReadonlySet<string>,
  ): Promise<number> {
    try {
      const named = await listRows(
        this.placements,
        odata`RowKey eq ${PLACEMENT_ROW} and coordinatorEmail eq ${email}`,
      );
      for (const row of named) await this.clearCoordinator(row, email);
      const all = await listRows(this.coordinators);
      // The accounts recognised as this address, also those never bound as anything else.
      const ids = new Set(aadObjectIds);
      for (const row of all) if (emailKeys.includes(String(row.emailKey))) ids.add(row.rowKey);
      const rows = all.filter(
        (row) =>
          ids.has(row.rowKey) || ids.has(String(row.aadObjectId)) || emailKeys.includes(String(row.emailKey)),
      );
      let conversations = 0;
      for (const id of ids) {
        if (aadObjectIds.has(id)) continue;
        conversations += await deleteRows(
          this.conversations,
          await listRows(this.conversations, odata`PartitionKey eq ${id}`),
        );
      }
      return named.length + conversations + (await deleteRows(this.coordinators, rows));
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Bindings and conversation references of people who have not written to the bot since `before`
   * (`YYYY-MM-DD`) and hold no role in any placement left (`keep`): removed, or only counted when
   * `dryRun`.
   */
  async removeInactive(
    before: string,
    keep: ReadonlySet<string>,
    dryRun: boolean,
  ): Promise<{ users: number; conversations: number }> {
    try {
      const stale = async (client: TableClient, filter: string) => {
        const rows = (await listRows(client, filter)).filter((r) => !keep.has(r.partitionKey));
        if (!dryRun) await deleteRows(client, rows);
        return rows.length;
      };
      return {
        users: await stale(this.users, odata`boundAt lt ${before}`),
        conversations: await stale(this.conversations, odata`updatedAt lt ${before}`),
      };
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}

/** The role a ledger or snooze row is about: ledger rows say it, snoozes carry it in their item key. */
function reminderRole(row: Row): string | undefined {
  if (typeof row.role === 'string') return row.role;
  if (typeof row.itemKey === 'string') return row.itemKey.split('|')[3];
  return undefined;
}
