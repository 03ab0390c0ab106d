import { odata, type TableClient } from '@azure/data-tables';
import type { ConversationStore, StoredConversation } from '../services/conversations';
import { isNotFound, type TableStore, translateStorageError } from './table-store';

interface ConversationEntity {
  partitionKey: string;
  rowKey: string;
  reference: string;
  active: boolean;
  updatedAt: string;
  inactiveReason?: string;
}

export type { StoredConversation };

const PERSONAL_ROW = 'personal';

/**
 * A conversation reference as Teams gives it carries the user's display name (and may carry the
 * bot's and the conversation's); proactive sends need only the ids, so names are never stored.
 */
export function withoutNames(reference: Record<string, unknown>): Record<string, unknown> {
  const stripped: Record<string, unknown> = { ...reference };
  for (const part of ['user', 'bot', 'conversation']) {
    const value = stripped[part];
    if (value && typeof value === 'object' && !Array.isArray(value) && 'name' in value) {
      const { name: _name, ...rest } = value as Record<string, unknown>;
      stripped[part] = rest;
    }
  }
  return stripped;
}

/** Where to reach each user proactively, and whether they can still be reached. */
export class ConversationRepository implements ConversationStore {
  private readonly conversations: TableClient;

  constructor(store: TableStore) {
    this.conversations = store.client('conversations');
  }

  async get(aadObjectId: string): Promise<StoredConversation | undefined> {
    try {
      const entity = await this.conversations.getEntity<ConversationEntity>(aadObjectId, PERSONAL_ROW);
      return {
        aadObjectId,
        reference: JSON.parse(entity.reference) as Record<string, unknown>,
        active: entity.active,
        updatedAt: entity.updatedAt,
        ...(entity.inactiveReason ? { inactiveReason: entity.inactiveReason } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translateStorageError(error);
    }
  }

  /**
   * Stores the latest reference, without display names, and marks the conversation reachable (a
   * reinstall reactivates it).
   */
  async save(aadObjectId: string, reference: Record<string, unknown>, now: Date): Promise<void> {
    try {
      await this.conversations.upsertEntity<ConversationEntity>(
        {
          partitionKey: aadObjectId,
          rowKey: PERSONAL_ROW,
          reference: JSON.stringify(withoutNames(reference)),
          active: true,
          updatedAt: now.toISOString(),
        },
        'Replace',
      );
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** The Entra ids whose personal chat can be reached, in one scan: for the reminder sweep. */
  async activeIds(): Promise<Set<string>> {
    try {
      const ids = new Set<string>();
      const rows = this.conversations.listEntities<ConversationEntity>({
        queryOptions: { filter: odata`active eq true`, select: ['PartitionKey', 'active'] },
      });
      for await (const row of rows) ids.add(row.partitionKey);
      return ids;
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /** Stops proactive sends to someone who blocked or removed the app. */
  async markInactive(aadObjectId: string, reason: string, now: Date): Promise<void> {
    try {
      await this.conversations.updateEntity(
        {
          partitionKey: aadObjectId,
          rowKey: PERSONAL_ROW,
          active: false,
          inactiveReason: reason,
          updatedAt: now.toISOString(),
        },
        'Merge',
      );
    } catch (error) {
      if (isNotFound(error)) return;
      throw translateStorageError(error);
    }
  }
}
