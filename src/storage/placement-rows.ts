import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { Person, Placement, Role } from '../domain/placement';
import { ROLES } from '../domain/placement';
import { ROUND_PREFIX, rowOf } from './round-rows';

/*
 * How a placement is stored: its row (`placement`) in its own partition, where its rounds, versions,
 * audit trail and held cards live too. Every round row carries a copy of the placement row (the
 * property `placement`), written in the same atomic batch as every change of the placement row: a
 * card action reads the round it names and finds there who holds which role, and the names and
 * qualification its card shows, without a second read. A round row without the copy (written
 * before copies existed) is read together with the placement row instead.
 */

export const PLACEMENT_ROW = 'placement';

// A type, not an interface: a batch transaction takes it as a plain table entity.
export type PlacementEntity = {
  partitionKey: string;
  rowKey: string;
  company: string;
  qualificationId: string;
  qualificationVersion?: number;
  startDate: string;
  endDate: string;
  studentEmail: string;
  studentName: string;
  studentAadObjectId?: string;
  trainerEmail: string;
  trainerName: string;
  trainerAadObjectId?: string;
  supervisorEmail: string;
  supervisorName: string;
  supervisorAadObjectId?: string;
  trainerContact?: string;
  coordinatorEmail?: string;
};

export function toEntity(placement: Placement): PlacementEntity {
  const entity: PlacementEntity = {
    partitionKey: placement.id,
    rowKey: PLACEMENT_ROW,
    company: placement.company,
    qualificationId: placement.qualificationId,
    startDate: placement.startDate,
    endDate: placement.endDate,
    studentEmail: placement.student.email,
    studentName: placement.student.name,
    trainerEmail: placement.trainer.email,
    trainerName: placement.trainer.name,
    supervisorEmail: placement.supervisor.email,
    supervisorName: placement.supervisor.name,
  };
  for (const role of ROLES) {
    const id = placement[role].aadObjectId;
    if (id) entity[`${role}AadObjectId`] = id;
  }
  if (placement.qualificationVersion !== undefined)
    entity.qualificationVersion = placement.qualificationVersion;
  if (placement.trainerContact) entity.trainerContact = placement.trainerContact;
  if (placement.coordinatorEmail) entity.coordinatorEmail = placement.coordinatorEmail;
  return entity;
}

export function toPlacement(entity: PlacementEntity): Placement {
  const person = (role: Role): Person => {
    const aadObjectId = entity[`${role}AadObjectId`];
    return {
      email: entity[`${role}Email`],
      name: entity[`${role}Name`],
      ...(aadObjectId ? { aadObjectId } : {}),
    };
  };
  return {
    id: entity.partitionKey,
    student: person('student'),
    trainer: person('trainer'),
    supervisor: person('supervisor'),
    company: entity.company,
    qualificationId: entity.qualificationId,
    ...(typeof entity.qualificationVersion === 'number'
      ? { qualificationVersion: entity.qualificationVersion }
      : {}),
    startDate: entity.startDate,
    endDate: entity.endDate,
    ...(entity.trainerContact === 'email' || entity.trainerContact === 'teams'
      ? { trainerContact: entity.trainerContact }
      : {}),
    ...(entity.coordinatorEmail ? { coordinatorEmail: entity.coordinatorEmail } : {}),
  };
}

/** The fields of a placement row that its copy in a round row holds: all but the keys. */
const COPIED_FIELDS = [
  'company',
  'qualificationId',
  'qualificationVersion',
  'startDate',
  'endDate',
  ...ROLES.flatMap((role) => [`${role}Email`, `${role}Name`, `${role}AadObjectId`]),
  'trainerContact',
  'coordinatorEmail',
] as const;

/** The copy of a placement row a round row carries: its fields as JSON, without keys or ETag. */
export function placementCopy(row: Readonly<Record<string, unknown>>): string {
  const copy: Record<string, unknown> = {};
  for (const field of COPIED_FIELDS) if (row[field] !== undefined) copy[field] = row[field];
  return JSON.stringify(copy);
}

/** The placement a round row's copy holds; undefined without one, or when it cannot be read. */
export function placementFromCopy(placementId: string, copy: unknown): Placement | undefined {
  if (typeof copy !== 'string' || copy === '') return undefined;
  try {
    const fields = JSON.parse(copy) as Partial<PlacementEntity>;
    const complete = ROLES.every(
      (role) => typeof fields[`${role}Email`] === 'string' && typeof fields[`${role}Name`] === 'string',
    );
    if (!complete || typeof fields.company !== 'string' || typeof fields.qualificationId !== 'string')
      return undefined;
    return toPlacement({ ...(fields as PlacementEntity), partitionKey: placementId, rowKey: PLACEMENT_ROW });
  } catch {
    return undefined;
  }
}

/**
 * The writes that put `row` (the placement row as it is being written) into every round row of its
 * partition, for the batch that writes the placement row: a merge of the copy alone, whatever the
 * round's ETag (the round is not changed otherwise, and a step that read it before writes again).
 */
export async function roundCopyWrites(
  table: TableClient,
  placementId: string,
  row: Readonly<Record<string, unknown>>,
): Promise<TransactionAction[]> {
  const copy = placementCopy(row);
  const writes: TransactionAction[] = [];
  const rows = table.listEntities<{ partitionKey: string; rowKey: string }>({
    queryOptions: {
      filter: odata`PartitionKey eq ${placementId} and RowKey ge ${ROUND_PREFIX} and RowKey lt ${'round}'}`,
      select: ['RowKey'],
    },
  });
  for await (const { rowKey } of rows) {
    const at = rowOf(rowKey);
    if (at && !at.text)
      writes.push(['update', { partitionKey: placementId, rowKey, placement: copy }, 'Merge']);
  }
  return writes;
}
