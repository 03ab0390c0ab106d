import type { ReminderConfig } from '../config';
import { newInstanceId, SendRateShare } from '../delivery/rate-share';
import type { Logger } from '../logger';
import { type ReminderService, type ReminderStores, reminderService } from '../scheduler/reminder-service';
import type { ReminderSender } from '../services/reminders';
import { ConversationRepository } from '../storage/conversation-repository';
import { CoordinatorRepository } from '../storage/coordinator-repository';
import { PlacementRepository } from '../storage/placement-repository';
import { ReminderQueue } from '../storage/reminder-queue';
import { ReminderRepository } from '../storage/reminder-repository';
import { RoundRepository } from '../storage/round-repository';
import type { StorageTarget } from '../storage/storage-target';
import type { TableStore } from '../storage/table-store';

export { type ReminderService, reminderRules } from '../scheduler/reminder-service';

/** The repositories the reminder sweep and worker work through, over one table store. */
export function reminderStores(store: TableStore): ReminderStores {
  return {
    placements: new PlacementRepository(store),
    rounds: new RoundRepository(store),
    reminders: new ReminderRepository(store),
    conversations: new ConversationRepository(store),
    coordinators: new CoordinatorRepository(store),
  };
}

/** The process's share of Teams' limits, claimed in the reminder table against the other instances. */
export function createSendRateShare(
  store: TableStore,
  config: ReminderConfig,
  logger: Logger,
): SendRateShare {
  return new SendRateShare({
    claims: new ReminderRepository(store),
    instanceId: newInstanceId(),
    ratePerSecond: config.ratePerSecond,
    conversationRatePerSecond: config.conversationRatePerSecond,
    logger,
  });
}

/** The sweep, the queue and a worker, wired to one storage account: its tables and its queue. */
export function createReminderService(options: {
  config: ReminderConfig;
  store: TableStore;
  /** The account of the queue: the one the store's tables are in. */
  storage: StorageTarget;
  sender: ReminderSender;
  logger: Logger;
  now?: () => Date;
  /** The process's share of Teams' limits, when its other proactive sends use it too. */
  share?: SendRateShare;
}): ReminderService {
  const { store, storage, config, ...rest } = options;
  return reminderService({
    ...rest,
    config,
    stores: reminderStores(store),
    queue: new ReminderQueue(storage, config.queueName),
  });
}
