import { odata, type TableClient } from '@azure/data-tables';
import { normalizeEmail, type Placement } from '../domain/placement';
import type { CoordinatorAccount, CoordinatorDirectory } from '../services/coordinator-ports';
import type { DigestEntry, DigestStatus, ReminderCoordinators } from '../services/reminders/ports';
import type { KeyHasher } from './keys';
import { PLACEMENT_ROW, type PlacementEntity, toPlacement } from './placement-repository';
import { isConflict, isNotFound, type TableStore, translateStorageError } from './table-store';

const ACCOUNT = 'account';
/** Coordinator address (its key) → the one account that holds it. */
const OWNER = 'owner';
const DIGEST = 'digest';

type AccountEntity = { partitionKey: string; rowKey: string; emailKey: string; boundAt: string };

export type { DigestEntry, DigestStatus };

type DigestEntity = {
  partitionKey: string;
  rowKey: string;
  aadObjectId: string;
  week: string;
  status: string;
  queuedAt: string;
  claimedAt?: string;
  doneAt?: string;
};

const digestRow = (aadObjectId: string, week: string) => `${aadObjectId}|${week}`;

function toDigest(e: DigestEntity): DigestEntry {
  return {
    aadObjectId: e.aadObjectId,
    week: e.week,
    status: e.status as DigestStatus,
    queuedAt: e.queuedAt,
    ...(e.claimedAt ? { claimedAt: e.claimedAt } : {}),
    ...(e.doneAt ? { doneAt: e.doneAt } : {}),
  };
}

function toDigestEntity(entry: DigestEntry): DigestEntity {
  return { partitionKey: DIGEST, rowKey: digestRow(entry.aadObjectId, entry.week), ...entry };
}

/**
 * Coordinators: the Entra ids recognised as a placement's `coordinator_email` (kept by the hash of
 * the address), the placements that name them, and the ledger of their weekly digests.
 */
export class CoordinatorRepository implements CoordinatorDirectory, ReminderCoordinators {
  private readonly table: TableClient;
  private readonly placements: TableClient;
  private readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.table = store.client('coordinators');
    this.placements = store.client('placements');
    this.keys = store.keys;
  }

  /** The storage key of a coordinator's address. */
  keyOf(email: string): string {
    return this.keys.emailKey(email);
  }

  async account(aadObjectId: string): Promise<CoordinatorAccount | undefined> {
    try {
      const e = await this.table.getEntity<AccountEntity>(ACCOUNT, aadObjectId);
      return { aadObjectId, emailKey: e.emailKey, boundAt: e.boundAt };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async saveAccount(aadObjectId: string, email: string, now: Date): Promise<CoordinatorAccount> {
    const account = { aadObjectId, emailKey: this.keys.emailKey(email), boundAt: now.toISOString() };
    try {
      await this.table.upsertEntity<AccountEntity>(
        { partitionKey: ACCOUNT, rowKey: aadObjectId, emailKey: account.emailKey, boundAt: account.boundAt },
        'Replace',
      );
      return account;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async forgetAccount(aadObjectId: string): Promise<void> {
    try {
      await this.table.deleteEntity(ACCOUNT, aadObjectId);
    } catch (error) {
      if (!isNotFound(error)) throw translateStorageError(error);
    }
  }

  async claimAddress(email: string, aadObjectId: string, now: Date): Promise<boolean> {
    const emailKey = this.keys.emailKey(email);
    try {
      await this.table.createEntity({
        partitionKey: OWNER,
        rowKey: emailKey,
        aadObjectId,
        boundAt: now.toISOString(),
      });
      return true;
    } catch (error) {
      if (!isConflict(error)) throw translateStorageError(error);
    }
    try {
      const owner = await this.table.getEntity<{ aadObjectId: string }>(OWNER, emailKey);
      return owner.aadObjectId === aadObjectId;
    } catch (error) {
      // Released a moment ago: the next turn claims it.
      if (isNotFound(error)) return false;
      throw translateStorageError(error);
    }
  }

  async releaseAddress(email: string): Promise<string | undefined> {
    const emailKey = this.keys.emailKey(email);
    let owner: string | undefined;
    try {
      owner = (await this.table.getEntity<{ aadObjectId: string }>(OWNER, emailKey)).aadObjectId;
      await this.table.deleteEntity(OWNER, emailKey);
    } catch (error) {
      if (!isNotFound(error)) throw translateStorageError(error);
    }
    // Every account recognised as this address stops being its coordinator.
    const rows = this.table.listEntities<AccountEntity>({
      queryOptions: { filter: odata`PartitionKey eq ${ACCOUNT} and emailKey eq ${emailKey}` },
    });
    try {
      for await (const row of rows) await this.forgetAccount(row.rowKey);
    } catch (error) {
      throw translateStorageError(error);
    }
    return owner;
  }

  /** Address key → the Entra id most recently recognised for it, for the sweep. */
  async accounts(): Promise<Map<string, string>> {
    const latest = new Map<string, AccountEntity>();
    try {
      const rows = this.table.listEntities<AccountEntity>({
        queryOptions: { filter: odata`PartitionKey eq ${ACCOUNT}` },
      });
      for await (const row of rows) {
        const known = latest.get(row.emailKey);
        if (!known || known.boundAt < row.boundAt) latest.set(row.emailKey, row);
      }
    } catch (error) {
      throw translateStorageError(error);
    }
    return new Map([...latest].map(([key, row]) => [key, row.rowKey]));
  }

  async isCoordinator(email: string): Promise<boolean> {
    try {
      const pages = this.placements
        .listEntities<PlacementEntity>({
          queryOptions: {
            filter: odata`RowKey eq ${PLACEMENT_ROW} and coordinatorEmail eq ${normalizeEmail(email)}`,
            select: ['RowKey'],
          },
        })
        .byPage({ maxPageSize: 1 });
      for await (const page of pages) if (page.length > 0) return true;
      return false;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async placementsOf(emailKey: string): Promise<Placement[]> {
    const found: Placement[] = [];
    try {
      // The address is stored in the row, not in a key: the rows that name a coordinator are read
      // and matched by the hash of theirs.
      const rows = this.placements.listEntities<PlacementEntity>({
        queryOptions: { filter: odata`RowKey eq ${PLACEMENT_ROW} and coordinatorEmail ne ${''}` },
      });
      for await (const row of rows) {
        if (row.coordinatorEmail && this.keys.emailKey(row.coordinatorEmail) === emailKey)
          found.push(toPlacement(row));
      }
      return found;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async digest(aadObjectId: string, week: string): Promise<{ entry: DigestEntry; etag: string } | undefined> {
    try {
      const e = await this.table.getEntity<DigestEntity>(DIGEST, digestRow(aadObjectId, week));
      return { entry: toDigest(e), etag: e.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /** Every digest of one digest day, for the sweep. */
  async digestsOf(week: string): Promise<Set<string>> {
    const seen = new Set<string>();
    try {
      const rows = this.table.listEntities<DigestEntity>({
        queryOptions: { filter: odata`PartitionKey eq ${DIGEST} and week eq ${week}` },
      });
      for await (const row of rows) seen.add(row.aadObjectId);
      return seen;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** False when this week's digest was queued before. */
  async createDigest(entry: DigestEntry): Promise<boolean> {
    try {
      await this.table.createEntity(toDigestEntity(entry));
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw translateStorageError(error);
    }
  }

  /** Moves a digest on, guarded by the ETag it was read with. */
  async updateDigest(entry: DigestEntry, etag: string): Promise<string> {
    try {
      const response = await this.table.updateEntity(toDigestEntity(entry), 'Replace', { etag });
      return response.etag ?? '';
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
