import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type {
  OfficeAuditEntry,
  OfficeStore,
  PendingAction,
  PreviewState,
  StoredPreview,
} from '../services/office/ports';
import { isNotFound, isPreconditionFailed, type TableStore, translateStorageError } from './table-store';

const PREVIEW = 'preview';
const CURRENT = 'current';
const CURRENT_ROW = 'placements';
const PENDING = 'pending';
const AUDIT = 'audit';
const fileParition = (id: string) => `file|${id}`;
// A binary property holds at most 64 KiB; one chunk per row keeps every row well inside 1 MiB.
const CHUNK_BYTES = 60 * 1024;
// A batch is at most 100 operations and 4 MiB of payload (base64 grows a chunk by a third).
const CHUNKS_PER_BATCH = 40;

interface PreviewEntity {
  partitionKey: string;
  rowKey: string;
  aadObjectId: string;
  state: string;
  fingerprint: string;
  createdAt: string;
  outcome?: string;
}

/** The office's table (see {@link OfficeStore}). */
export class OfficeRepository implements OfficeStore {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('office');
  }

  async saveFile(id: string, bytes: Uint8Array): Promise<void> {
    const actions: TransactionAction[] = [];
    const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    for (let i = 0; i < count; i++) {
      actions.push([
        'upsert',
        {
          partitionKey: fileParition(id),
          rowKey: String(i).padStart(5, '0'),
          data: bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES),
        },
        'Replace',
      ]);
    }
    try {
      for (let i = 0; i < actions.length; i += CHUNKS_PER_BATCH) {
        await this.table.submitTransaction(actions.slice(i, i + CHUNKS_PER_BATCH));
      }
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async readFile(id: string): Promise<Uint8Array | undefined> {
    const parts: Uint8Array[] = [];
    try {
      const rows = this.table.listEntities<{ data: Uint8Array }>({
        queryOptions: { filter: odata`PartitionKey eq ${fileParition(id)}` },
      });
      for await (const row of rows) parts.push(row.data);
    } catch (error) {
      throw translateStorageError(error);
    }
    return parts.length > 0 ? Buffer.concat(parts) : undefined;
  }

  async deleteFile(id: string): Promise<void> {
    try {
      const rows = this.table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${fileParition(id)}`, select: ['RowKey'] },
      });
      const actions: TransactionAction[] = [];
      for await (const row of rows)
        actions.push(['delete', { partitionKey: fileParition(id), rowKey: row.rowKey as string }]);
      for (let i = 0; i < actions.length; i += 100)
        await this.table.submitTransaction(actions.slice(i, i + 100));
    } catch (error) {
      if (!isNotFound(error)) throw translateStorageError(error);
    }
  }

  async savePreview(preview: StoredPreview): Promise<void> {
    const previous = await this.currentPreview();
    try {
      await this.table.createEntity<PreviewEntity>(toEntity(preview));
      await this.table.upsertEntity(
        { partitionKey: CURRENT, rowKey: CURRENT_ROW, previewId: preview.id },
        'Replace',
      );
    } catch (error) {
      throw translateStorageError(error);
    }
    // The replaced preview can never be imported: its file (names and addresses) and report go now.
    if (previous && previous !== preview.id) {
      await this.deleteFile(previous);
      await this.deleteFile(`${previous}-report`);
    }
  }

  async preview(id: string): Promise<{ preview: StoredPreview; etag: string } | undefined> {
    try {
      const e = await this.table.getEntity<PreviewEntity>(PREVIEW, id);
      return {
        preview: {
          id,
          aadObjectId: e.aadObjectId,
          state: e.state as PreviewState,
          fingerprint: e.fingerprint,
          createdAt: e.createdAt,
          ...(e.outcome ? { outcome: e.outcome } : {}),
        },
        etag: e.etag,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async currentPreview(): Promise<string | undefined> {
    try {
      const e = await this.table.getEntity<{ previewId: string }>(CURRENT, CURRENT_ROW);
      return e.previewId;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async updatePreview(preview: StoredPreview, etag: string): Promise<boolean> {
    try {
      await this.table.updateEntity<PreviewEntity>(toEntity(preview), 'Replace', { etag });
      return true;
    } catch (error) {
      if (isPreconditionFailed(error) || isNotFound(error)) return false;
      throw translateStorageError(error);
    }
  }

  async savePending(id: string, pending: PendingAction, now: Date): Promise<void> {
    try {
      await this.clearExpiredPending(now);
      await this.table.createEntity({ partitionKey: PENDING, rowKey: id, ...pending });
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Confirmations nobody clicked hold an address: they go once expired (checked when a new one is made). */
  private async clearExpiredPending(before: Date): Promise<void> {
    const expired = this.table.listEntities<{ expiresAt: string }>({
      queryOptions: {
        filter: odata`PartitionKey eq ${PENDING} and expiresAt lt ${before.toISOString()}`,
        select: ['RowKey'],
      },
    });
    for await (const row of expired) {
      await this.table.deleteEntity(PENDING, row.rowKey as string).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
  }

  async takePending(id: string): Promise<PendingAction | undefined> {
    try {
      const e = await this.table.getEntity<PendingAction>(PENDING, id);
      // Deleting with the ETag read: of two clicks at once, one deletes and the other gets 404 or 412.
      await this.table.deleteEntity(PENDING, id, { etag: e.etag });
      return { kind: e.kind, email: e.email, aadObjectId: e.aadObjectId, expiresAt: e.expiresAt };
    } catch (error) {
      if (isNotFound(error) || isPreconditionFailed(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async audit(entry: OfficeAuditEntry): Promise<void> {
    try {
      await this.table.createEntity({
        partitionKey: AUDIT,
        rowKey: `${entry.at}|${randomUUID()}`,
        at: entry.at,
        actorId: entry.actorId,
        action: entry.action,
        ...(entry.emailKey ? { emailKey: entry.emailKey } : {}),
        detail: JSON.stringify(entry.detail),
      });
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async auditTrail(): Promise<OfficeAuditEntry[]> {
    const entries: OfficeAuditEntry[] = [];
    try {
      const rows = this.table.listEntities<{
        at: string;
        actorId: string;
        action: string;
        emailKey?: string;
        detail: string;
      }>({ queryOptions: { filter: odata`PartitionKey eq ${AUDIT}` } });
      for await (const row of rows) {
        entries.push({
          at: row.at,
          actorId: row.actorId,
          action: row.action as OfficeAuditEntry['action'],
          ...(row.emailKey ? { emailKey: row.emailKey } : {}),
          detail: JSON.parse(row.detail) as OfficeAuditEntry['detail'],
        });
      }
    } catch (error) {
      throw translateStorageError(error);
    }
    return entries;
  }
}

function toEntity(preview: StoredPreview): PreviewEntity {
  return {
    partitionKey: PREVIEW,
    rowKey: preview.id,
    aadObjectId: preview.aadObjectId,
    state: preview.state,
    fingerprint: preview.fingerprint,
    createdAt: preview.createdAt,
    ...(preview.outcome ? { outcome: preview.outcome } : {}),
  };
}
