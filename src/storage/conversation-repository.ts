import { odata, type TableClient } from '@azure/data-tables';
import type { ConversationStore, StoredConversation } from '../services/conversations';
import type { ReminderConversations } from '../services/reminders/ports';
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
 * How long this process trusts that the reference it wrote is still the one stored. Another process
 * may mark the chat unreachable meanwhile (a send refused with 403) or `erase` may remove it; a
 * message after that window writes again and so makes the chat reachable again. It also keeps `updatedAt`, which the retention
 * purge reads as "last wrote to the bot", at most this old for anyone still writing.
 */
export const CONVERSATION_WRITE_WINDOW_MS = 15 * 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Per table and Entra id, the reference this process last wrote (as stored) and when. One map for
 * the whole process: the reminder worker's repository marking a chat unreachable must make the
 * bot's next save write, whichever instance each of them holds.
 */
const written = new Map<string, { readonly reference: string; readonly at: number }>();

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
export class ConversationRepository implements ConversationStore, ReminderConversations {
  private readonly conversations: TableClient;

  constructor(store: TableStore) {
    this.conversations = store.client('conversations');
  }

  private key(aadObjectId: string): string {
    return `${this.conversations.tableName}|${aadObjectId}`;
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
   * reinstall reactivates it). Every message brings its reference, nearly always the one stored: it
   * is written only when it differs from what this process wrote within
   * {@link CONVERSATION_WRITE_WINDOW_MS}, or always with `force` (an install). The id of the message
   * it came with is not part of the comparison.
   */
  async save(
    aadObjectId: string,
    reference: Record<string, unknown>,
    now: Date,
    options: { readonly force?: boolean } = {},
  ): Promise<void> {
    const stored = JSON.stringify(withoutNames(reference));
    const { activityId: _activityId, ...address } = withoutNames(reference);
    const comparable = JSON.stringify(address);
    const at = now.getTime();
    const key = this.key(aadObjectId);
    const last = written.get(key);
    if (
      !options.force &&
      last?.reference === comparable &&
      at >= last.at &&
      at - last.at < CONVERSATION_WRITE_WINDOW_MS
    )
      return;
    try {
      await this.conversations.upsertEntity<ConversationEntity>(
        {
          partitionKey: aadObjectId,
          rowKey: PERSONAL_ROW,
          reference: stored,
          active: true,
          updatedAt: now.toISOString(),
        },
        'Replace',
      );
    } catch (error) {
      written.delete(key);
      throw translateStorageError(error);
    }
    written.delete(key);
    if (written.size >= MAX_REMEMBERED) {
      // The oldest write goes first (a Map keeps insertion order): it only costs a write again.
      const oldest = written.keys().next();
      if (!oldest.done) written.delete(oldest.value);
    }
    written.set(key, { reference: comparable, at });
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
    // The next message reactivates the chat: it must be written whatever this process wrote before.
    written.delete(this.key(aadObjectId));
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
