import { odata, type TableClient } from '@azure/data-tables';
import type { DownloadLink, DownloadLinkStore } from '../services/download-links';
import { isNotFound, isPreconditionFailed, type TableStore, translateStorageError } from './table-store';

// All links in one partition: few at a time, and expired ones are found with one query.
const PARTITION = 'link';
// Links left unused are cleared a few at a time as new ones are made.
const CLEAR_AT_ONCE = 20;

interface LinkRow {
  partitionKey: string;
  rowKey: string;
  placementId: string;
  round: number;
  version: number;
  expiresAt: string;
  /** An office download, as JSON. */
  office?: string;
}

/** Download links, keyed by the SHA-256 of their token: a read of the table gives no working link. */
export class DownloadLinkRepository implements DownloadLinkStore {
  private readonly table: TableClient;

  constructor(store: TableStore) {
    this.table = store.client('downloads');
  }

  async save(tokenHash: string, link: DownloadLink, now: Date): Promise<void> {
    try {
      const { office, ...rest } = link;
      await this.table.createEntity<LinkRow>({
        partitionKey: PARTITION,
        rowKey: tokenHash,
        ...rest,
        ...(office ? { office: JSON.stringify(office) } : {}),
      });
      await this.clearExpired(now);
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async peek(tokenHash: string): Promise<DownloadLink | undefined> {
    try {
      const row = await this.table.getEntity<LinkRow>(PARTITION, tokenHash);
      return linkOf(row);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async take(tokenHash: string): Promise<DownloadLink | undefined> {
    try {
      const row = await this.table.getEntity<LinkRow>(PARTITION, tokenHash);
      // Deleting with the ETag read: of two requests at once, one deletes and the other gets 404 or 412.
      await this.table.deleteEntity(PARTITION, tokenHash, { etag: row.etag });
      return linkOf(row);
    } catch (error) {
      if (isNotFound(error) || isPreconditionFailed(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  private async clearExpired(now: Date): Promise<void> {
    const expired = this.table.listEntities<LinkRow>({
      queryOptions: {
        filter: odata`PartitionKey eq ${PARTITION} and expiresAt lt ${now.toISOString()}`,
        select: ['rowKey'],
      },
    });
    let cleared = 0;
    for await (const row of expired) {
      await this.table.deleteEntity(PARTITION, row.rowKey).catch((error) => {
        if (!isNotFound(error)) throw error;
      });
      cleared += 1;
      if (cleared >= CLEAR_AT_ONCE) break;
    }
  }
}

function linkOf(row: LinkRow): DownloadLink {
  return {
    placementId: row.placementId,
    round: row.round,
    version: row.version,
    expiresAt: row.expiresAt,
    ...(row.office ? { office: JSON.parse(row.office) as DownloadLink['office'] } : {}),
  };
}
