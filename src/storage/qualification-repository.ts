import type { TableClient } from '@azure/data-tables';
import { parseQualification, qualificationData, werkprocesCount } from '../domain/qualification';
import {
  MAX_STORED_QUALIFICATION_CHARS,
  type QualificationStore,
  QualificationVersionTakenError,
  type StoredQualification,
  type StoredQualificationSummary,
} from '../services/qualification-ports';
import { isConflict, isNotFound, type TableStore, translateStorageError } from './table-store';

// A string property holds at most 64 KiB (32K UTF-16 characters); an entity at most 1 MiB.
const CHUNK_CHARS = 30_000;
const MAX_VERSION = 999_999;

type QualificationEntity = {
  partitionKey: string;
  rowKey: string;
  version: number;
  title: string;
  kerntaken: number;
  werkprocessen: number;
  digest: string;
  savedAt: string;
  chunks: number;
} & Record<`data${number}`, string>;

/**
 * Partition per qualification id, a row per version. Row keys count down from 999999, so the
 * first row of a partition is its newest version: one query with a page of one finds it.
 * The content is the qualification's JSON, split over properties of at most 30 000 characters.
 * No personal data: a qualification is the school's form, not anyone's answers.
 */
export function versionRowKey(version: number): string {
  return String(MAX_VERSION - version).padStart(6, '0');
}

function toEntity(entry: StoredQualification): QualificationEntity {
  const json = JSON.stringify(qualificationData(entry.qualification));
  if (json.length > MAX_STORED_QUALIFICATION_CHARS) throw new RangeError('qualification too large to store');
  const chunks = Math.ceil(json.length / CHUNK_CHARS);
  const entity = {
    partitionKey: entry.qualification.id,
    rowKey: versionRowKey(entry.version),
    version: entry.version,
    title: entry.qualification.title,
    kerntaken: entry.qualification.kerntaken.length,
    werkprocessen: werkprocesCount(entry.qualification),
    digest: entry.digest,
    savedAt: entry.savedAt,
    chunks,
  } as QualificationEntity;
  for (let i = 0; i < chunks; i += 1) {
    entity[`data${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  }
  return entity;
}

function toStored(entity: QualificationEntity): StoredQualification {
  let json = '';
  for (let i = 0; i < entity.chunks; i += 1) json += entity[`data${i}`] ?? '';
  const source = `qualifications/${entity.partitionKey}/${entity.version}`;
  return {
    qualification: parseQualification(JSON.parse(json), source),
    version: entity.version,
    digest: entity.digest,
    savedAt: entity.savedAt,
  };
}

/** The stored qualification versions, in the `qualifications` table. */
export class QualificationRepository implements QualificationStore {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('qualifications');
  }

  async version(id: string, version: number): Promise<StoredQualification | undefined> {
    if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) return undefined;
    try {
      return toStored(await this.table.getEntity<QualificationEntity>(id, versionRowKey(version)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async newest(id: string): Promise<StoredQualification | undefined> {
    try {
      const pages = this.table
        .listEntities<QualificationEntity>({
          queryOptions: { filter: `PartitionKey eq '${id.replace(/'/g, "''")}'` },
        })
        .byPage({ maxPageSize: 1 });
      for await (const page of pages) {
        const first = page[0];
        if (first) return toStored(first);
      }
      return undefined;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async list(): Promise<StoredQualificationSummary[]> {
    const summaries: StoredQualificationSummary[] = [];
    try {
      const rows = this.table.listEntities<QualificationEntity>({
        queryOptions: {
          select: ['PartitionKey', 'version', 'title', 'kerntaken', 'werkprocessen', 'savedAt'],
        },
      });
      for await (const row of rows) {
        summaries.push({
          id: row.partitionKey,
          version: row.version,
          title: row.title,
          kerntaken: row.kerntaken,
          werkprocessen: row.werkprocessen,
          savedAt: row.savedAt,
        });
      }
    } catch (error) {
      throw translateStorageError(error);
    }
    return summaries.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  }

  async add(entry: StoredQualification): Promise<void> {
    try {
      await this.table.createEntity(toEntity(entry));
    } catch (error) {
      if (isConflict(error)) throw new QualificationVersionTakenError(entry.qualification.id, entry.version);
      throw translateStorageError(error);
    }
  }
}
