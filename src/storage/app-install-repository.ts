import { odata, type TableClient } from '@azure/data-tables';
import type {
  InstallFailure,
  InstallFailureReason,
  InstallFailureStore,
} from '../services/app-install-ports';
import type { KeyHasher } from './keys';
import { isNotFound, type TableStore, translateStorageError } from './table-store';

interface InstallFailureEntity {
  partitionKey: string;
  rowKey: string;
  reason: string;
  status: number;
  code?: string;
  at: string;
}

const TEAMS_APP_ROW = 'teams-app';
const REASONS: readonly InstallFailureReason[] = ['no-account', 'not-installable'];

/** Failed installs of the Teams app, one row per person keyed by the keyed hash of their address. */
export class AppInstallRepository implements InstallFailureStore {
  private readonly table: TableClient;
  private readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.table = store.client('appInstalls');
    this.keys = store.keys;
  }

  async get(email: string): Promise<InstallFailure | undefined> {
    try {
      const row = await this.table.getEntity<InstallFailureEntity>(this.keys.emailKey(email), TEAMS_APP_ROW);
      const reason = REASONS.find((r) => r === row.reason);
      if (!reason) return undefined;
      return { reason, status: row.status, at: row.at, ...(row.code ? { code: row.code } : {}) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async record(email: string, failure: InstallFailure): Promise<void> {
    try {
      await this.table.upsertEntity<InstallFailureEntity>(
        {
          partitionKey: this.keys.emailKey(email),
          rowKey: TEAMS_APP_ROW,
          reason: failure.reason,
          status: failure.status,
          at: failure.at,
          ...(failure.code ? { code: failure.code } : {}),
        },
        'Replace',
      );
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async keepOnly(emails: Iterable<string>): Promise<number> {
    const kept = new Set([...emails].map((email) => this.keys.emailKey(email)));
    try {
      let removed = 0;
      const rows = this.table.listEntities<InstallFailureEntity>({
        queryOptions: { filter: odata`RowKey eq ${TEAMS_APP_ROW}`, select: ['PartitionKey', 'RowKey'] },
      });
      const stale: string[] = [];
      for await (const row of rows) if (!kept.has(row.partitionKey)) stale.push(row.partitionKey);
      for (const key of stale) {
        await this.table.deleteEntity(key, TEAMS_APP_ROW).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
        removed += 1;
      }
      return removed;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  async clear(email: string): Promise<void> {
    try {
      await this.table.deleteEntity(this.keys.emailKey(email), TEAMS_APP_ROW);
    } catch (error) {
      if (isNotFound(error)) return;
      throw translateStorageError(error);
    }
  }
}
