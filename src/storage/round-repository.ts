import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { AuditEvent } from '../domain/audit';
import type { Agreement, CheckInRound, Decision, Part, Remark, RoundKind } from '../domain/check-in';
import type { RoundState } from '../domain/round-state';
import { isConflict, isNotFound, type TableStore, translateStorageError } from './table-store';

type RoundEntity = {
  partitionKey: string;
  rowKey: string;
  kind: RoundKind;
  qualificationId: string;
  state: RoundState;
  openedAt: string;
  stateSince: string;
  version: number;
  rev: number;
  student: string;
  trainer: string;
  agreement?: string;
  previousAgreement?: string;
  remark?: string;
  decisions: string;
};

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

/** A round as read, with the ETag its next write must carry. */
export interface StoredRound {
  readonly round: CheckInRound;
  readonly etag: string;
}

// Row keys sort as text: zero-padded round numbers keep rounds in order.
const roundRow = (n: number) => `round|${String(n).padStart(3, '0')}`;
const ROUND_PREFIX = 'round|';
const AUDIT_PREFIX = 'audit|';
const NEWEST_FIRST = 10 ** 15;

function toEntity(round: CheckInRound): RoundEntity {
  return {
    partitionKey: round.placementId,
    rowKey: roundRow(round.number),
    kind: round.kind,
    qualificationId: round.qualificationId,
    state: round.state,
    openedAt: round.openedAt,
    stateSince: round.stateSince,
    version: round.version,
    rev: round.rev,
    student: JSON.stringify(round.parts.student),
    trainer: JSON.stringify(round.parts.trainer),
    ...(round.agreement ? { agreement: JSON.stringify(round.agreement) } : {}),
    ...(round.previousAgreement ? { previousAgreement: JSON.stringify(round.previousAgreement) } : {}),
    ...(round.remark ? { remark: JSON.stringify(round.remark) } : {}),
    decisions: JSON.stringify(round.decisions),
  };
}

function toRound(entity: RoundEntity): CheckInRound {
  return {
    placementId: entity.partitionKey,
    number: Number(entity.rowKey.slice(ROUND_PREFIX.length)),
    kind: entity.kind,
    qualificationId: entity.qualificationId,
    state: entity.state,
    openedAt: entity.openedAt,
    stateSince: entity.stateSince,
    version: entity.version,
    rev: entity.rev,
    parts: { student: JSON.parse(entity.student) as Part, trainer: JSON.parse(entity.trainer) as Part },
    ...(entity.agreement ? { agreement: JSON.parse(entity.agreement) as Agreement } : {}),
    ...(entity.previousAgreement
      ? { previousAgreement: JSON.parse(entity.previousAgreement) as Agreement }
      : {}),
    ...(entity.remark ? { remark: JSON.parse(entity.remark) as Remark } : {}),
    decisions: JSON.parse(entity.decisions) as Decision[],
  };
}

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

/**
 * Check-in rounds and the audit trail, in the placement's partition: a step is one point read
 * and one atomic batch (the round, guarded by its ETag, plus its audit events).
 */
export class RoundRepository {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('placements');
  }

  async get(placementId: string, number: number): Promise<StoredRound | undefined> {
    try {
      const entity = await this.table.getEntity<RoundEntity>(placementId, roundRow(number));
      return { round: toRound(entity), etag: entity.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /** All rounds of a placement, oldest first. */
  async list(placementId: string): Promise<StoredRound[]> {
    try {
      const rows = this.table.listEntities<RoundEntity>({
        queryOptions: {
          filter: odata`PartitionKey eq ${placementId} and RowKey ge ${ROUND_PREFIX} and RowKey lt ${'round}'}`,
        },
      });
      const rounds: StoredRound[] = [];
      for await (const entity of rows) rounds.push({ round: toRound(entity), etag: entity.etag });
      return rounds;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** The latest round of every placement, in one scan: for the reminder sweep. */
  async latestOfAll(): Promise<Map<string, CheckInRound>> {
    try {
      const rows = this.table.listEntities<RoundEntity>({
        queryOptions: { filter: odata`RowKey ge ${ROUND_PREFIX} and RowKey lt ${'round}'}` },
      });
      const latest = new Map<string, CheckInRound>();
      for await (const entity of rows) {
        const round = toRound(entity);
        const current = latest.get(round.placementId);
        if (!current || current.number < round.number) latest.set(round.placementId, round);
      }
      return latest;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Creates a round; false when it already exists (someone else opened it a moment earlier). */
  async create(round: CheckInRound, events: readonly AuditEvent[]): Promise<boolean> {
    const actions: TransactionAction[] = [
      ['create', toEntity(round)],
      ...events.map((e, i): TransactionAction => ['create', auditEntity(round.placementId, e, i)]),
    ];
    try {
      await this.table.submitTransaction(actions);
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw translateStorageError(error);
    }
  }

  /** Writes a changed round with the ETag it was read with, and its audit events, atomically. */
  async save(round: CheckInRound, etag: string, events: readonly AuditEvent[]): Promise<string> {
    const actions: TransactionAction[] = [
      ['update', toEntity(round), 'Replace', { etag }],
      ...events.map((e, i): TransactionAction => ['create', auditEntity(round.placementId, e, i)]),
    ];
    try {
      const response = await this.table.submitTransaction(actions);
      return response.subResponses[0]?.etag ?? '';
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
