import { type QueueClient, RestError } from '@azure/storage-queue';
import type {
  QueuedEntry,
  ReceivedReminder,
  ReminderMessage,
  ReminderQueue as ReminderQueuePort,
} from '../services/reminders/ports';
import { decodeMessage, encodeMessage, packMessages } from './reminder-message';
import { deadlineSignal, queueRequestOptions, STORAGE_DEADLINE_MS } from './storage-deadline';
import { asStorageTarget, queueClient, type StorageTarget } from './storage-target';
import { StorageUnavailableError } from './table-store';

export type { QueuedEntry, ReceivedReminder, ReminderMessage };

/** Azure Storage queue of reminder sends, shared by every instance; a poison queue keeps what kept failing. */
export class ReminderQueue implements ReminderQueuePort {
  private readonly queue: QueueClient;
  private readonly poison: QueueClient;

  /** `target` is the storage account; a plain string is a connection string. */
  constructor(target: StorageTarget | string, name: string) {
    const storage = asStorageTarget(target);
    this.queue = queueClient(storage, name, queueRequestOptions);
    this.poison = queueClient(storage, `${name}-poison`, queueRequestOptions);
  }

  /** Runs one queue operation within the storage deadline; what is not a client error means "unavailable". */
  private async guarded<T>(work: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = deadlineSignal(STORAGE_DEADLINE_MS);
    try {
      return await work(deadline.signal);
    } catch (error) {
      if (error instanceof RestError && error.statusCode !== undefined && error.statusCode < 500) throw error;
      throw new StorageUnavailableError(error);
    } finally {
      deadline.clear();
    }
  }

  async ensure(): Promise<void> {
    await this.guarded(async (abortSignal) => {
      await this.queue.createIfNotExists({ abortSignal });
      await this.poison.createIfNotExists({ abortSignal });
    });
  }

  async send(message: ReminderMessage, visibilityTimeoutSeconds = 0): Promise<void> {
    await this.guarded((abortSignal) =>
      this.queue.sendMessage(encodeMessage(message), {
        visibilityTimeout: visibilityTimeoutSeconds,
        messageTimeToLive: -1,
        abortSignal,
      }),
    );
  }

  /** Takes up to `max` messages, hidden from other workers for `visibilitySeconds`. */
  async receive(max: number, visibilitySeconds: number): Promise<ReceivedReminder[]> {
    const response = await this.guarded((abortSignal) =>
      this.queue.receiveMessages({
        numberOfMessages: max,
        visibilityTimeout: visibilitySeconds,
        abortSignal,
      }),
    );
    return response.receivedMessageItems.map((item) => ({
      message: decodeMessage(item.messageText),
      messageId: item.messageId,
      popReceipt: item.popReceipt,
      dequeueCount: item.dequeueCount,
    }));
  }

  async delete(received: ReceivedReminder): Promise<void> {
    await this.guarded(async (abortSignal) => {
      try {
        await this.queue.deleteMessage(received.messageId, received.popReceipt, { abortSignal });
      } catch (error) {
        // Already deleted, or its visibility ran out and another worker holds it now.
        if (!(error instanceof RestError && (error.statusCode === 404 || error.statusCode === 400)))
          throw error;
      }
    });
  }

  /** Hides a message until later (outside working time): its pop receipt changes. */
  async postpone(received: ReceivedReminder, seconds: number): Promise<void> {
    await this.guarded((abortSignal) =>
      this.queue.updateMessage(
        received.messageId,
        received.popReceipt,
        undefined,
        Math.min(seconds, 7 * 24 * 3600 - 60),
        { abortSignal },
      ),
    );
  }

  /** Moves a message that kept failing to the poison queue, for an operator to look at. */
  async toPoison(received: ReceivedReminder): Promise<void> {
    const body = received.message
      ? encodeMessage(received.message)
      : JSON.stringify({ unreadable: received.messageId });
    await this.guarded((abortSignal) =>
      this.poison.sendMessage(body, { messageTimeToLive: -1, abortSignal }),
    );
    await this.delete(received);
  }

  /** The messages that carry `entries`, each within the queue's message budget ({@link packMessages}). */
  pack(
    recipient: string,
    entries: readonly QueuedEntry[],
  ): { messages: ReminderMessage[]; oversized: QueuedEntry[] } {
    return packMessages(recipient, entries);
  }

  async approximateCount(): Promise<number> {
    const properties = await this.guarded((abortSignal) => this.queue.getProperties({ abortSignal }));
    return properties.approximateMessagesCount ?? 0;
  }

  async poisonCount(): Promise<number> {
    const properties = await this.guarded((abortSignal) => this.poison.getProperties({ abortSignal }));
    return properties.approximateMessagesCount ?? 0;
  }
}
