import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { ROLES } from '../domain/placement';
import type { KeyMigrationReport } from '../services/key-rotation';
import { withoutNames } from './conversation-repository';
import type { KeyHasher } from './keys';
import { deleteRows, listRows } from './personal-data-repository';
import { type TableStore, translateStorageError } from './table-store';

type Row = { partitionKey: string; rowKey: string } & Record<string, unknown>;

const BATCH = 100;
const PLACEMENT_ROW = 'placement';

/** A listed row as it can be written again: without the service's metadata. */
function writable(row: Row): Row {
  const { etag: _etag, timestamp: _timestamp, ...rest } = row;
  delete (rest as Record<string, unknown>)['odata.etag'];
  return rest as Row;
}

/** The row with every occurrence of the old placement id (partition, row key, item keys) replaced. */
function moved(row: Row, from: string, to: string): Row {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(writable(row))) {
    copy[name] = typeof value === 'string' ? value.split(from).join(to) : value;
  }
  return copy as Row;
}

async function upsertRows(client: TableClient, rows: readonly Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await client.submitTransaction(chunk.map((r): TransactionAction => ['upsert', r, 'Replace']));
  }
}

/**
 * Moves rows keyed by the hashes of `from` — a previous `EMAIL_HASH_KEY`, when the key is replaced —
 * to the keyed hashes of `store` (`npm run placements -- migrate-keys --from-key-file <file>`): placement partitions and their
 * reminder rows to the keyed placement id, the role index to keyed e-mail keys, user bindings to
 * the keyed hash of their address; and strips display names from stored conversation references.
 * Copies go before deletes, so a run that stops halfway is finished by the next; a finished
 * migration run again changes nothing. Meant to run while the bot is stopped.
 */
export async function migrateToKeyedHashes(store: TableStore, from: KeyHasher): Promise<KeyMigrationReport> {
  const to = store.keys;
  const placements = store.client('placements');
  const reminders = store.client('reminders');
  const people = store.client('people');
  const users = store.client('users');
  const conversations = store.client('conversations');
  try {
    let placementsMoved = 0;
    let placementsUnchanged = 0;
    let placementsUnknown = 0;
    let rowsMoved = 0;
    let reminderRowsMoved = 0;
    // Placement rows by their (new) id, and every address they hold by its old hash.
    const current = new Map<string, Row>();
    const renamed = new Map<string, string>();
    const byOldHash = new Map<string, string>();
    for (const row of await listRows(placements, odata`RowKey eq ${PLACEMENT_ROW}`)) {
      for (const role of ROLES) {
        const email = row[`${role}Email`];
        if (typeof email === 'string' && email) byOldHash.set(from.emailKey(email), email);
      }
      const args = [String(row.studentEmail), String(row.qualificationId), String(row.startDate)] as const;
      const oldId = from.placementKey(...args);
      const newId = to.placementKey(...args);
      if (row.partitionKey === newId) {
        placementsUnchanged += 1;
        current.set(newId, row);
        continue;
      }
      if (row.partitionKey !== oldId) {
        placementsUnknown += 1;
        current.set(row.partitionKey, row);
        continue;
      }
      const partition = await listRows(placements, odata`PartitionKey eq ${oldId}`);
      const reminderRows = await listRows(reminders, odata`PartitionKey eq ${oldId}`);
      // The placement row is written last and deleted last: while it stands under the old id, a
      // rerun still finds this placement to finish.
      const others = partition.filter((r) => r.rowKey !== PLACEMENT_ROW);
      await upsertRows(
        placements,
        others.map((r) => moved(r, oldId, newId)),
      );
      await upsertRows(
        reminders,
        reminderRows.map((r) => moved(r, oldId, newId)),
      );
      await upsertRows(placements, [moved(row, oldId, newId)]);
      await deleteRows(reminders, reminderRows);
      await deleteRows(placements, others);
      await deleteRows(placements, [row]);
      placementsMoved += 1;
      rowsMoved += partition.length;
      reminderRowsMoved += reminderRows.length;
      current.set(newId, { ...row, partitionKey: newId });
      renamed.set(oldId, newId);
    }

    let indexRewritten = 0;
    let indexUnchanged = 0;
    let indexRemoved = 0;
    for (const row of await listRows(people)) {
      const placementId = renamed.get(String(row.placementId)) ?? String(row.placementId);
      const placement = current.get(placementId);
      const email = placement?.[`${String(row.role)}Email`];
      if (typeof email !== 'string' || !email) {
        indexRemoved += await deleteRows(people, [row]);
        continue;
      }
      const target = { partitionKey: to.emailKey(email), rowKey: `${placementId}|${String(row.role)}` };
      if (
        row.partitionKey === target.partitionKey &&
        row.rowKey === target.rowKey &&
        row.placementId === placementId
      ) {
        indexUnchanged += 1;
        continue;
      }
      await people.upsertEntity({ ...target, placementId, role: row.role }, 'Replace');
      await deleteRows(people, [row]);
      indexRewritten += 1;
    }

    let usersRewritten = 0;
    let usersUnchanged = 0;
    let usersRemoved = 0;
    for (const row of await listRows(users)) {
      const email = byOldHash.get(String(row.emailKey));
      if (!email) {
        // Already under the new key, or keyed but for an address no placement holds (looked up again).
        if (row.keyed === true) usersUnchanged += 1;
        else usersRemoved += await deleteRows(users, [row]);
        continue;
      }
      await users.updateEntity({ ...writable(row), emailKey: to.emailKey(email), keyed: true }, 'Replace', {
        etag: String(row.etag),
      });
      usersRewritten += 1;
    }

    let conversationsStripped = 0;
    for (const row of await listRows(conversations)) {
      if (typeof row.reference !== 'string') continue;
      const reference = JSON.parse(row.reference) as Record<string, unknown>;
      const stripped = JSON.stringify(withoutNames(reference));
      if (stripped === JSON.stringify(reference)) continue;
      await conversations.updateEntity(
        { partitionKey: row.partitionKey, rowKey: row.rowKey, reference: stripped },
        'Merge',
        { etag: String(row.etag) },
      );
      conversationsStripped += 1;
    }

    return {
      placementsMoved,
      placementsUnchanged,
      placementsUnknown,
      rowsMoved,
      reminderRowsMoved,
      indexRewritten,
      indexUnchanged,
      indexRemoved,
      usersRewritten,
      usersUnchanged,
      usersRemoved,
      conversationsStripped,
    };
  } catch (error) {
    throw translateStorageError(error);
  }
}
