import { RestError, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { KeyHasher } from './keys';
import {
  HEALTH_CHECK_DEADLINE_MS,
  STORAGE_DEADLINE_MS,
  StorageTimeoutError,
  tableRequestOptions,
} from './storage-deadline';
import { asStorageTarget, isCredentialFailure, type StorageTarget, tableClient } from './storage-target';

/** The tables this app owns, by purpose. Names get the configured prefix. */
export const TABLES = {
  /** One partition per placement: the placement, its rounds, answers, decisions and audit trail. */
  placements: 'placements',
  /** Who holds which role in which placement, keyed by the hash of their e-mail address. */
  people: 'people',
  /** Entra object id → hash of the e-mail address it was bound to. */
  users: 'users',
  /** Entra object id → the personal-chat conversation reference for proactive messages. */
  conversations: 'conversations',
  /** Reminder bookkeeping and the sweep lease. */
  reminders: 'reminders',
  /** One-time download links, by the hash of their token; each lives a few minutes. */
  downloads: 'downloads',
  /** Failed installs of the Teams app, by the hash of the person's address. */
  appInstalls: 'appinstalls',
  /** BPV coordinators: Entra object id → hash of their address, and the weekly digests sent. */
  coordinators: 'coordinators',
  /** The BPV office: uploaded files until imported, their previews, pending confirmations, its audit trail. */
  office: 'office',
  /** Qualifications the school added from its forms: a partition per id, a row per version. */
  qualifications: 'qualifications',
} as const;

export type TableName = keyof typeof TABLES;

import { ConcurrentUpdateError, StorageUnavailableError } from '../services/errors';

export { ConcurrentUpdateError, StorageUnavailableError };

export function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}

export function isPreconditionFailed(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 412;
}

export function isConflict(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 409;
}

/** Translates SDK failures into the two errors the rest of the app understands. */
export function translateStorageError(error: unknown): unknown {
  if (isPreconditionFailed(error)) return new ConcurrentUpdateError();
  if (isCredentialFailure(error)) return new StorageUnavailableError(error);
  if (error instanceof StorageTimeoutError) return new StorageUnavailableError(error);
  if (error instanceof RestError && (error.statusCode === undefined || error.statusCode >= 500)) {
    return new StorageUnavailableError(error);
  }
  if (
    error instanceof Error &&
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|EAI_AGAIN/.test(error.message)
  ) {
    return new StorageUnavailableError(error);
  }
  return error;
}

export type Entity<T> = TableEntityResult<T>;

/** Creates the table clients once; every repository takes its client from here. */
export class TableStore {
  private readonly clients = new Map<TableName, TableClient>();

  private readonly storage: StorageTarget;

  /**
   * `target` is the account to use; a plain string is a connection string. `keys` hashes e-mail
   * addresses into keys with `EMAIL_HASH_KEY`; the entry points pass it from the configuration,
   * and only tests rely on the development key.
   */
  constructor(
    target: StorageTarget | string,
    private readonly prefix: string,
    readonly keys: KeyHasher = KeyHasher.development(),
    deadlineMs: number = STORAGE_DEADLINE_MS,
  ) {
    this.storage = asStorageTarget(target);
    // Invokes must be answered within seconds: fail fast and let the user retry.
    const options = tableRequestOptions(deadlineMs);
    for (const [key, name] of Object.entries(TABLES) as [TableName, string][]) {
      this.clients.set(key, tableClient(this.storage, `${prefix}${name}`, options));
    }
  }

  /** The same tables, with `ms` for each request: for bulk work nobody waits for (a backup, a restore). */
  withDeadline(ms: number): TableStore {
    return new TableStore(this.storage, this.prefix, this.keys, ms);
  }

  client(table: TableName): TableClient {
    const client = this.clients.get(table);
    if (!client) throw new Error(`unknown table ${table}`);
    return client;
  }

  /** Creates missing tables; safe to call on every start and from several instances. */
  async ensureTables(): Promise<void> {
    for (const client of this.clients.values()) {
      try {
        await client.createTable();
      } catch (error) {
        if (!isConflict(error)) throw translateStorageError(error);
      }
    }
  }

  /** True when the table service answers; used by the health check. */
  async ping(): Promise<boolean> {
    try {
      // A data-plane read: the data roles a managed identity holds cover entities, not the service's
      // properties. A missing row is an answer, so storage is reachable.
      await this.client('users').getEntity('~health', '~health', {
        abortSignal: AbortSignal.timeout(HEALTH_CHECK_DEADLINE_MS),
      });
      return true;
    } catch (error) {
      return isNotFound(error);
    }
  }

  /** The account these tables live in; the reminder queue lives there too. */
  get target(): StorageTarget {
    return this.storage;
  }

  get tablePrefix(): string {
    return this.prefix;
  }
}
