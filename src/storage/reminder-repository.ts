import { odata, type TableClient } from '@azure/data-tables';
import type { Role } from '../domain/placement';
import type { ReminderKind } from '../domain/reminders';
import type { Leases, LedgerEntry, LedgerStatus, ReminderLedger } from '../services/reminders/ports';
import {
  isConflict,
  isNotFound,
  isPreconditionFailed,
  type TableStore,
  translateStorageError,
} from './table-store';

export type { LedgerEntry, LedgerStatus };

type LedgerEntity = {
  partitionKey: string;
  rowKey: string;
  key: string;
  itemKey: string;
  kind: string;
  role: string;
  round: number;
  step: number;
  status: string;
  queuedAt: string;
  claimedAt?: string;
  claimedBy?: string;
  doneAt?: string;
};

type SnoozeEntity = { partitionKey: string; rowKey: string; itemKey: string; until: string };
type LeaseEntity = { partitionKey: string; rowKey: string; holder: string; expiresAt: string };
type SharesEntity = { partitionKey: string; rowKey: string; workers: string };

/** A worker's claim on the tenant's send rate: sends per second, counted until `until` (ISO). */
interface RateClaim {
  readonly rate: number;
  readonly until: string;
}

const LEDGER = 'L|';
const SNOOZE = 'S|';
// Partitions of their own, outside any placement's (placement ids are hex).
const LEASES = '~lease';
const WORKERS = '~workers';
const SHARES = 'rate-shares';

/**
 * The row in which the live workers publish their rate claims. Each process's heartbeat rewrites it
 * every few seconds whatever else happens; it holds instance ids and rates, nothing about a person.
 */
export const RATE_SHARES_ROW = { partitionKey: WORKERS, rowKey: SHARES } as const;

// Row keys may not hold / \ # ? or control characters; item keys are made of ids, codes and ISO times.
const rowSafe = (key: string) =>
  [...key]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code < 32 || (code >= 127 && code < 160) || '/\\#?'.includes(c) ? '_' : c;
    })
    .join('');

function toEntry(e: LedgerEntity): LedgerEntry {
  return {
    placementId: e.partitionKey,
    key: e.key,
    itemKey: e.itemKey,
    kind: e.kind as ReminderKind,
    role: e.role as Role,
    round: e.round,
    step: e.step,
    status: e.status as LedgerStatus,
    queuedAt: e.queuedAt,
    ...(e.claimedAt ? { claimedAt: e.claimedAt } : {}),
    ...(e.claimedBy ? { claimedBy: e.claimedBy } : {}),
    ...(e.doneAt ? { doneAt: e.doneAt } : {}),
  };
}

function toEntity(entry: LedgerEntry): LedgerEntity {
  return {
    partitionKey: entry.placementId,
    rowKey: `${LEDGER}${rowSafe(entry.key)}`,
    key: entry.key,
    itemKey: entry.itemKey,
    kind: entry.kind,
    role: entry.role,
    round: entry.round,
    step: entry.step,
    status: entry.status,
    queuedAt: entry.queuedAt,
    ...(entry.claimedAt ? { claimedAt: entry.claimedAt } : {}),
    ...(entry.claimedBy ? { claimedBy: entry.claimedBy } : {}),
    ...(entry.doneAt ? { doneAt: entry.doneAt } : {}),
  };
}

/** Reminder bookkeeping: the ledger that makes each reminder go out once, snoozes, the sweep lease, workers. */
export class ReminderRepository implements ReminderLedger, Leases {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('reminders');
  }

  /** Every ledger entry and snooze, grouped by placement, for one sweep. */
  async scan(): Promise<{ ledger: Map<string, LedgerEntry[]>; snoozes: Map<string, Map<string, string>> }> {
    const ledger = new Map<string, LedgerEntry[]>();
    const snoozes = new Map<string, Map<string, string>>();
    try {
      const rows = this.table.listEntities<LedgerEntity & SnoozeEntity>({
        queryOptions: { filter: odata`PartitionKey lt ${'~'}` },
      });
      for await (const row of rows) {
        if (row.rowKey.startsWith(LEDGER)) {
          const list = ledger.get(row.partitionKey) ?? [];
          list.push(toEntry(row));
          ledger.set(row.partitionKey, list);
        } else if (row.rowKey.startsWith(SNOOZE)) {
          const map = snoozes.get(row.partitionKey) ?? new Map<string, string>();
          map.set(row.itemKey, row.until);
          snoozes.set(row.partitionKey, map);
        }
      }
      return { ledger, snoozes };
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Writes a new ledger entry; false when the reminder was queued before (by this or another sweep). */
  async create(entry: LedgerEntry): Promise<boolean> {
    try {
      await this.table.createEntity(toEntity(entry));
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw translateStorageError(error);
    }
  }

  async get(placementId: string, key: string): Promise<{ entry: LedgerEntry; etag: string } | undefined> {
    try {
      const entity = await this.table.getEntity<LedgerEntity>(placementId, `${LEDGER}${rowSafe(key)}`);
      return { entry: toEntry(entity), etag: entity.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /** Moves an entry on, guarded by the ETag it was read with: two workers never both claim one reminder. */
  async update(entry: LedgerEntry, etag: string): Promise<string> {
    try {
      const response = await this.table.updateEntity(toEntity(entry), 'Replace', { etag });
      return response.etag ?? '';
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async snooze(placementId: string, itemKey: string, until: Date): Promise<void> {
    try {
      await this.table.upsertEntity<SnoozeEntity>(
        {
          partitionKey: placementId,
          rowKey: `${SNOOZE}${rowSafe(itemKey)}`,
          itemKey,
          until: until.toISOString(),
        },
        'Replace',
      );
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Takes or renews a lease: true when `holder` has it until now + ttl. A lease whose holder died
   * expires, so another instance takes over.
   */
  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const entity: LeaseEntity = { partitionKey: LEASES, rowKey: name, holder, expiresAt };
    try {
      const current = await this.table.getEntity<LeaseEntity>(LEASES, name).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      if (!current) {
        await this.table.createEntity(entity);
        return true;
      }
      if (current.holder !== holder && current.expiresAt > now.toISOString()) return false;
      await this.table.updateEntity(entity, 'Replace', { etag: current.etag });
      return true;
    } catch (error) {
      if (isConflict(error) || isPreconditionFailed(error)) return false;
      throw translateStorageError(error);
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    try {
      const current = await this.table.getEntity<LeaseEntity>(LEASES, name);
      if (current.holder === holder) await this.table.deleteEntity(LEASES, name, { etag: current.etag });
    } catch (error) {
      if (isNotFound(error) || isPreconditionFailed(error)) return;
      throw translateStorageError(error);
    }
  }

  /**
   * Shares the tenant's send rate among the live workers. In one ETag-guarded write it reads what
   * the others claim, lets `decide` pick this worker's rate from that, and records this worker's
   * claim (`publish`, counted until `until`): two workers never decide on a stale view of each other.
   */
  async claimRate(
    instanceId: string,
    now: Date,
    decide: (others: readonly number[]) => { rate: number; publish: number; until: Date },
  ): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      let current: (SharesEntity & { etag: string }) | undefined;
      try {
        current = await this.table.getEntity<SharesEntity>(WORKERS, SHARES);
      } catch (error) {
        if (!isNotFound(error)) throw translateStorageError(error);
      }
      const claims = current ? (JSON.parse(current.workers) as Record<string, RateClaim>) : {};
      const live: Record<string, RateClaim> = {};
      for (const [id, claim] of Object.entries(claims))
        if (id !== instanceId && claim.until > now.toISOString()) live[id] = claim;
      const decision = decide(Object.values(live).map((c) => c.rate));
      live[instanceId] = { rate: decision.publish, until: decision.until.toISOString() };
      const entity: SharesEntity = { partitionKey: WORKERS, rowKey: SHARES, workers: JSON.stringify(live) };
      try {
        if (current) await this.table.updateEntity(entity, 'Replace', { etag: current.etag });
        else await this.table.createEntity(entity);
        return decision.rate;
      } catch (error) {
        // Another worker wrote in between: decide again on what it wrote.
        if (!(isConflict(error) || isPreconditionFailed(error)) || attempt >= 20)
          throw translateStorageError(error);
        // Several instances at once: spread the next tries out rather than collide again in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    }
  }
}
