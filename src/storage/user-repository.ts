import { odata, type TableClient } from '@azure/data-tables';
import type { UserBinding, UserBindings } from '../services/account-ports';
import type { KeyHasher } from './keys';
import { isNotFound, type TableStore, translateStorageError } from './table-store';

interface UserEntity {
  partitionKey: string;
  rowKey: string;
  emailKey: string;
  boundAt: string;
  /** Set on bindings written with the keyed hash; rows without it predate `EMAIL_HASH_KEY`. */
  keyed?: boolean;
}

const USER_ROW = 'user';

/** Entra object id → e-mail hash, so a returning user needs no roster lookup. */
export class UserRepository implements UserBindings {
  private readonly users: TableClient;
  private readonly keys: KeyHasher;

  constructor(store: TableStore) {
    this.users = store.client('users');
    this.keys = store.keys;
  }

  async get(aadObjectId: string): Promise<UserBinding | undefined> {
    try {
      const entity = await this.users.getEntity<UserEntity>(aadObjectId, USER_ROW);
      return { aadObjectId, emailKey: entity.emailKey, boundAt: entity.boundAt };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  async save(aadObjectId: string, email: string, now: Date): Promise<UserBinding> {
    const binding = { aadObjectId, emailKey: this.keys.emailKey(email), boundAt: now.toISOString() };
    try {
      await this.users.upsertEntity<UserEntity>(
        {
          partitionKey: aadObjectId,
          rowKey: USER_ROW,
          emailKey: binding.emailKey,
          boundAt: binding.boundAt,
          keyed: true,
        },
        'Replace',
      );
      return binding;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Forgets every Entra id recognised as this address, so the next account that writes with it is
   * looked up afresh. Returns how many were forgotten.
   */
  async forgetEmail(email: string): Promise<number> {
    try {
      const rows = this.users.listEntities<UserEntity>({
        queryOptions: { filter: odata`emailKey eq ${this.keys.emailKey(email)}` },
      });
      const keys: { partitionKey: string; rowKey: string }[] = [];
      for await (const row of rows) keys.push({ partitionKey: row.partitionKey, rowKey: row.rowKey });
      for (const key of keys) {
        await this.users.deleteEntity(key.partitionKey, key.rowKey).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }
      return keys.length;
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}
