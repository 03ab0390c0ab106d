import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { BackupManifest, BackupStore, BackupTable } from '../services/backups';
import { BULK_DEADLINE_MS } from './storage-deadline';
import type { StorageTarget } from './storage-target';
import { TABLES, type TableName, type TableStore } from './table-store';

/** The blob container of the backups, in the bot's own storage account. */
export const BACKUP_CONTAINER = 'bpv-backups';
const TOMBSTONES = 'erased/';
// Azure takes at most 100 operations in one batch, all in one partition.
const BATCH = 100;

/** The account's blob service, found as its tables are: the same connection string or identity. */
export function blobService(target: StorageTarget): BlobServiceClient {
  if (target.kind === 'connectionString') {
    if (/UseDevelopmentStorage=true/i.test(target.connectionString) === false) {
      const hasBlob = /(^|;)\s*BlobEndpoint=/i.test(target.connectionString);
      const isEmulator = /AccountName=devstoreaccount1/i.test(target.connectionString);
      if (isEmulator && !hasBlob) {
        throw new Error('the storage connection string names no BlobEndpoint: backups need the blob service');
      }
    }
    return BlobServiceClient.fromConnectionString(target.connectionString);
  }
  const blobEndpoint = target.tableEndpoint.replace(/\.table\./, '.blob.');
  return new BlobServiceClient(blobEndpoint, target.credential);
}

/** A backup's id: the time it was made to the millisecond, sortable as text (two in one second stay two). */
export function backupId(at: Date): string {
  return at.toISOString().replace(/:/g, '-');
}

/** Each row as the table service gives it without type conversion: every value with its Edm type. */
type RawEntity = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'value' in value
    ? String((value as { value: unknown }).value)
    : String(value);

/**
 * Backups of every table as blobs: `<id>/<table>.ndjson`, one entity a line with each property's
 * Edm type (Int64, DateTime, Binary, Guid, … exactly as stored), and `<id>/manifest.json` written
 * last, so a backup without it is unfinished and not listed. Erased people's keys are kept as
 * blobs under `erased/`, outside every backup, to apply after a restore.
 */
export class TableBackupStore implements BackupStore {
  private readonly container: ContainerClient;

  constructor(
    private readonly store: TableStore,
    blobs: BlobServiceClient,
    containerName = BACKUP_CONTAINER,
  ) {
    this.container = blobs.getContainerClient(containerName);
  }

  async backup(at: Date): Promise<BackupManifest> {
    await this.container.createIfNotExists();
    const id = backupId(at);
    const tables: BackupTable[] = [];
    // Nobody waits on a backup: a page of rows may take longer than an answer to a person may.
    const bulk = this.store.withDeadline(BULK_DEADLINE_MS);
    for (const table of Object.keys(TABLES) as TableName[]) {
      const lines: string[] = [];
      for await (const entity of bulk.client(table).listEntities({ disableTypeConversion: true })) {
        const { etag: _etag, timestamp: _timestamp, ...row } = entity as RawEntity;
        lines.push(JSON.stringify(row));
      }
      const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      await this.container.getBlockBlobClient(`${id}/${table}.ndjson`).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/x-ndjson' },
      });
      tables.push({ table, rows: lines.length, bytes: Buffer.byteLength(body) });
    }
    const manifest: BackupManifest = { id, madeAt: at.toISOString(), tables };
    const json = JSON.stringify(manifest);
    await this.container
      .getBlockBlobClient(`${id}/manifest.json`)
      .upload(json, Buffer.byteLength(json), { blobHTTPHeaders: { blobContentType: 'application/json' } });
    return manifest;
  }

  async list(): Promise<BackupManifest[]> {
    if (!(await this.container.exists())) return [];
    const ids: string[] = [];
    for await (const blob of this.container.listBlobsFlat()) {
      const match = /^([^/]+)\/manifest\.json$/.exec(blob.name);
      if (match) ids.push(match[1] as string);
    }
    ids.sort().reverse();
    return Promise.all(ids.map((id) => this.manifest(id)));
  }

  private async manifest(id: string): Promise<BackupManifest> {
    const buffer = await this.container.getBlockBlobClient(`${id}/manifest.json`).downloadToBuffer();
    return JSON.parse(buffer.toString('utf8')) as BackupManifest;
  }

  async exists(id: string): Promise<boolean> {
    return /^[\w.-]+$/.test(id) && this.container.getBlockBlobClient(`${id}/manifest.json`).exists();
  }

  /** Tables of `into` that hold any row: a restore goes only into empty tables. */
  async nonEmptyTables(into: TableStore): Promise<string[]> {
    await into.ensureTables();
    const found: string[] = [];
    for (const table of Object.keys(TABLES) as TableName[]) {
      const page = into.client(table).listEntities().byPage({ maxPageSize: 1 });
      const first = await page.next();
      if (!first.done && first.value.length > 0) found.push(table);
    }
    return found;
  }

  async restore(id: string, into: TableStore): Promise<BackupTable[]> {
    const manifest = await this.manifest(id);
    const restored: BackupTable[] = [];
    for (const { table } of manifest.tables) {
      const body = (
        await this.container.getBlockBlobClient(`${id}/${table}.ndjson`).downloadToBuffer()
      ).toString('utf8');
      const byPartition = new Map<string, TableEntity[]>();
      let rows = 0;
      for (const line of body.split('\n')) {
        if (line === '') continue;
        const raw = JSON.parse(line) as RawEntity;
        const entity = {
          ...raw,
          partitionKey: text(raw.partitionKey),
          rowKey: text(raw.rowKey),
        } as TableEntity;
        const rowsOf = byPartition.get(entity.partitionKey) ?? [];
        rowsOf.push(entity);
        byPartition.set(entity.partitionKey, rowsOf);
        rows += 1;
      }
      const client = into.withDeadline(BULK_DEADLINE_MS).client(table as TableName);
      for (const entities of byPartition.values()) {
        for (let i = 0; i < entities.length; i += BATCH) {
          const actions: TransactionAction[] = entities.slice(i, i + BATCH).map((e) => ['create', e]);
          if (actions.length === 1) await client.createEntity(entities[i] as TableEntity);
          else await client.submitTransaction(actions);
        }
      }
      restored.push({ table, rows, bytes: Buffer.byteLength(body) });
    }
    return restored;
  }

  async recordErasure(emailKeys: readonly string[]): Promise<void> {
    await this.container.createIfNotExists();
    for (const key of emailKeys) {
      const name = `${TOMBSTONES}${encodeURIComponent(key)}`;
      await this.container.getBlockBlobClient(name).upload('', 0);
    }
  }

  async erasedKeys(): Promise<string[]> {
    if (!(await this.container.exists())) return [];
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: TOMBSTONES })) {
      keys.push(decodeURIComponent(blob.name.slice(TOMBSTONES.length)));
    }
    return keys;
  }

  /** Removes backups made more than `days` ago; the lifecycle rule does the same in Azure, and Azurite has none. */
  async removeOlderThan(days: number, now: Date): Promise<number> {
    if (!(await this.container.exists())) return 0;
    const cutoff = backupId(new Date(now.getTime() - days * 24 * 60 * 60 * 1000));
    let removed = 0;
    for await (const blob of this.container.listBlobsFlat()) {
      if (blob.name.startsWith(TOMBSTONES)) continue;
      if ((blob.name.split('/')[0] ?? '') < cutoff) {
        await this.container.deleteBlob(blob.name);
        removed += 1;
      }
    }
    return removed;
  }
}
