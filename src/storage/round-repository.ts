import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { DecidedVersion, VersionRecords } from '../domain/agreement-version';
import type { AuditEvent } from '../domain/audit';
import type { CheckInRound } from '../domain/check-in';
import type { Placement } from '../domain/placement';
import type { RoundStore, StoredRound } from '../services/check-in/ports';
import type { ReminderRounds } from '../services/reminders/ports';
import { PLACEMENT_ROW, placementCopy, placementFromCopy, toEntity } from './placement-rows';
import {
  fromRows,
  ROUND_PREFIX,
  roundRow,
  rowOf,
  type StoredRoundEntity,
  type TextEntity,
  textRow,
  toRows,
} from './round-rows';
import {
  ConcurrentUpdateError,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  type TableStore,
  translateStorageError,
} from './table-store';
import {
  type AnyVersionRow,
  decidedVersions,
  decisionEntity,
  VERSION_PREFIX,
  versionRoundPrefix,
  versionRows,
} from './version-rows';

type AuditEntity = {
  partitionKey: string;
  rowKey: string;
  at: string;
  actorRole: string;
  actorId: string;
  event: string;
  round: number;
  detail?: string;
};

export type { StoredRound };
/** A version or decision row that already exists: versions are kept as first written, never replaced. */
export class VersionExistsError extends Error {
  constructor() {
    super('this version is already stored');
    this.name = 'VersionExistsError';
  }
}

const AUDIT_PREFIX = 'audit|';
const NEWEST_FIRST = 10 ** 15;

// Text rows are written whole every time; the round row they come with says how many count.
const textActions = (texts: readonly TextEntity[]) =>
  texts.map((row): TransactionAction => ['upsert', row, 'Replace']);

/** The stored row of one audit event, in the placement's partition. */
export function auditEntity(placementId: string, event: AuditEvent, index: number): AuditEntity {
  return {
    partitionKey: placementId,
    // Newest first (inverted time), so "the last few" is one short read; a random tail keeps two
    // events of one millisecond apart.
    rowKey: `${AUDIT_PREFIX}${String(NEWEST_FIRST - Date.parse(event.at)).padStart(15, '0')}|${String(999 - index).padStart(3, '0')}|${randomUUID().slice(0, 8)}`,
    at: event.at,
    actorRole: event.actorRole,
    actorId: event.actorId,
    event: event.event,
    round: event.round,
    ...(event.detail ? { detail: JSON.stringify(event.detail) } : {}),
  };
}

type Row = (StoredRoundEntity | TextEntity) & { etag: string };

/** A round as read, with its ETag and the copy of its placement it carries. */
function stored(entity: StoredRoundEntity & { etag: string }, texts: readonly TextEntity[]): StoredRound {
  const placement = placementFromCopy(entity.partitionKey, entity.placement);
  return { round: fromRows(entity, texts), etag: entity.etag, ...(placement ? { placement } : {}) };
}

/** How often a round is created anew when its placement changed while it was being created. */
const CREATE_ATTEMPTS = 5;

/** Collects round rows and text rows as a range query returns them, and puts rounds together. */
class RoundAssembly {
  private readonly entities = new Map<string, StoredRoundEntity & { etag: string }>();
  private readonly texts = new Map<string, TextEntity[]>();

  add(row: Row): void {
    const at = rowOf(row.rowKey);
    if (!at) return;
    const key = `${row.partitionKey}|${at.number}`;
    if (!at.text) this.entities.set(key, row as StoredRoundEntity & { etag: string });
    else this.texts.set(key, [...(this.texts.get(key) ?? []), row as TextEntity]);
  }

  stored(): StoredRound[] {
    return [...this.entities]
      .map(([key, entity]) => stored(entity, this.texts.get(key) ?? []))
      .sort((a, b) => a.round.number - b.round.number);
  }
}

/**
 * Check-in rounds and the audit trail, in the placement's partition. A round is its round row and
 * the text rows after it (see round-rows.ts): a read is one short range query, and a step is one
 * atomic batch (the round row guarded by its ETag, its text rows, and its audit events).
 */
export class RoundRepository implements RoundStore, ReminderRounds {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('placements');
  }

  /**
   * One round: a point read of its row, which holds its texts too unless they outgrew it; only
   * then its text rows in a range query.
   */
  async get(placementId: string, number: number): Promise<StoredRound | undefined> {
    let entity: StoredRoundEntity & { etag: string };
    try {
      entity = await this.table.getEntity<StoredRoundEntity>(placementId, roundRow(number));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
    const texts: TextEntity[] = [];
    if (entity.textRows > 0) {
      // Read after the round row: a save in between shows as a 412 when this round is written.
      try {
        const rows = this.table.listEntities<TextEntity>({
          queryOptions: {
            filter: odata`PartitionKey eq ${placementId} and RowKey ge ${textRow(number, 0)} and RowKey lt ${`${roundRow(number)}|texts}`}`,
          },
        });
        for await (const row of rows) texts.push(row);
      } catch (error) {
        throw translateStorageError(error);
      }
    }
    return stored(entity, texts);
  }

  /** All rounds of a placement, oldest first. */
  async list(placementId: string): Promise<StoredRound[]> {
    try {
      const rows = this.table.listEntities<Row>({
        queryOptions: {
          filter: odata`PartitionKey eq ${placementId} and RowKey ge ${ROUND_PREFIX} and RowKey lt ${'round}'}`,
        },
      });
      const assembly = new RoundAssembly();
      for await (const row of rows) assembly.add(row);
      return assembly.stored();
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * The latest round of every placement, in one scan: for the reminder sweep. With `onUnreadable`,
   * a row that cannot be read is reported there and left out instead of failing the scan.
   */
  async latestOfAll(
    onUnreadable?: (placementId: string, error: unknown) => void,
  ): Promise<Map<string, CheckInRound>> {
    try {
      const rows = this.table.listEntities<Row>({
        queryOptions: { filter: odata`RowKey ge ${ROUND_PREFIX} and RowKey lt ${'round}'}` },
      });
      // Only the newest round of each placement is kept and put together.
      const newest = new Map<string, { number: number; entity?: Row; texts: TextEntity[] }>();
      for await (const row of rows) {
        const at = rowOf(row.rowKey);
        if (!at) continue;
        let slot = newest.get(row.partitionKey);
        if (slot && at.number < slot.number) continue;
        if (!slot || at.number > slot.number) {
          slot = { number: at.number, texts: [] };
          newest.set(row.partitionKey, slot);
        }
        if (at.text) slot.texts.push(row as TextEntity);
        else slot.entity = row;
      }
      const latest = new Map<string, CheckInRound>();
      for (const [placementId, slot] of newest) {
        if (!slot.entity) continue;
        try {
          latest.set(placementId, fromRows(slot.entity as StoredRoundEntity, slot.texts));
        } catch (error) {
          // One damaged row must not hide every other placement's rounds from the caller; its own
          // placement is left out rather than answered with an older round.
          if (!onUnreadable) throw error;
          onUnreadable(placementId, error);
        }
      }
      return latest;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Creates a round; false when it already exists (someone else opened it a moment earlier). The
   * round row gets its copy of the placement row as read here, and the batch carries that row's
   * ETag (a merge that changes nothing else): a binding, import or erasure that changes the
   * placement meanwhile either lands first, and the round is created again from the new placement,
   * or finds the new round and changes its copy too.
   */
  async create(round: CheckInRound, events: readonly AuditEvent[]): Promise<boolean> {
    const rows = toRows(round);
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const placement = await this.placementRow(round.placementId);
      const actions: TransactionAction[] = [
        ['create', placement ? { ...rows.round, placement: placementCopy(placement) } : rows.round],
        ...textActions(rows.texts),
        ...events.map((e, i): TransactionAction => ['create', auditEntity(round.placementId, e, i)]),
        ...(placement
          ? [
              [
                'update',
                { partitionKey: round.placementId, rowKey: PLACEMENT_ROW },
                'Merge',
                { etag: placement.etag },
              ] satisfies TransactionAction,
            ]
          : []),
      ];
      try {
        await this.table.submitTransaction(actions);
        return true;
      } catch (error) {
        if (isConflict(error)) return false;
        if (isPreconditionFailed(error) || (placement && isNotFound(error))) continue;
        throw translateStorageError(error);
      }
    }
    throw new ConcurrentUpdateError();
  }

  /** The placement row of a round's partition, with its ETag; undefined when there is none. */
  private async placementRow(
    placementId: string,
  ): Promise<(Record<string, unknown> & { etag: string }) | undefined> {
    try {
      return await this.table.getEntity<Record<string, unknown>>(placementId, PLACEMENT_ROW);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /**
   * Writes a changed round with the ETag it was read with, its text rows, its audit events, and the
   * version and decision records it causes, atomically. Records are created, never replaced: one
   * that exists already fails the whole batch with {@link VersionExistsError}.
   */
  async save(
    round: CheckInRound,
    etag: string,
    events: readonly AuditEvent[],
    records: VersionRecords = {},
    placement?: Placement,
  ): Promise<string> {
    const rows = toRows(round);
    // The copy of the placement goes on as it was read with the round (the ETag guards both);
    // without one, the round row is written without, and its next click reads the placement.
    const row = placement ? { ...rows.round, placement: placementCopy(toEntity(placement)) } : rows.round;
    const actions: TransactionAction[] = [
      ['update', row, 'Replace', { etag }],
      ...textActions(rows.texts),
      ...events.map((e, i): TransactionAction => ['create', auditEntity(round.placementId, e, i)]),
      ...(records.versions ?? []).flatMap((v) =>
        versionRows(v).map((row): TransactionAction => ['create', row]),
      ),
      ...(records.decisions ?? []).map((d): TransactionAction => ['create', decisionEntity(d)]),
    ];
    try {
      const response = await this.table.submitTransaction(actions);
      return response.subResponses[0]?.etag ?? '';
    } catch (error) {
      if (isConflict(error)) throw new VersionExistsError();
      throw translateStorageError(error);
    }
  }

  /** The submitted versions of a placement (of one round when `round` is given) with their decisions, oldest first. */
  async versions(placementId: string, round?: number): Promise<DecidedVersion[]> {
    const from = round === undefined ? VERSION_PREFIX : versionRoundPrefix(round);
    try {
      const rows = this.table.listEntities<AnyVersionRow>({
        queryOptions: {
          filter: odata`PartitionKey eq ${placementId} and RowKey ge ${from} and RowKey lt ${`${from.slice(0, -1)}}`}`,
        },
      });
      const all: AnyVersionRow[] = [];
      for await (const row of rows) all.push(row);
      return decidedVersions(all);
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** The audit trail of a placement, oldest first; `limit` reads only the newest few. */
  async audit(placementId: string, limit?: number): Promise<AuditEvent[]> {
    try {
      const rows = this.table.listEntities<AuditEntity>({
        queryOptions: {
          filter: odata`PartitionKey eq ${placementId} and RowKey ge ${AUDIT_PREFIX} and RowKey lt ${'audit}'}`,
        },
      });
      const newestFirst: AuditEvent[] = [];
      for await (const row of rows) {
        newestFirst.push({
          at: row.at,
          actorRole: row.actorRole as AuditEvent['actorRole'],
          actorId: row.actorId,
          event: row.event as AuditEvent['event'],
          round: row.round,
          ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, string | number> } : {}),
        });
        if (limit !== undefined && newestFirst.length >= limit) break;
      }
      return newestFirst.reverse();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
