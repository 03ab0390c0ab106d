import { Cron } from 'croner';
import type { ReminderConfig } from '../config';
import { newInstanceId, SendRateShare } from '../delivery/rate-share';
import type { ReminderRules } from '../domain/reminders';
import type { Logger } from '../logger';
import { ConversationRepository } from '../storage/conversation-repository';
import { CoordinatorRepository } from '../storage/coordinator-repository';
import { PlacementRepository } from '../storage/placement-repository';
import { ReminderRepository } from '../storage/reminder-repository';
import { RoundRepository } from '../storage/round-repository';
import type { StorageTarget } from '../storage/storage-target';
import type { TableStore } from '../storage/table-store';
import { ReminderQueue } from './reminder-queue';
import { ReminderSweep, type SweepResult } from './reminder-sweep';
import { type ReminderSender, ReminderWorker } from './reminder-worker';

export function reminderRules(config: ReminderConfig): ReminderRules {
  return {
    days: config.days,
    workingDays: config.workingDays,
    workingHours: config.workingHours,
    timeZone: config.timeZone,
    finalRoundDaysBeforeEnd: config.finalRoundDaysBeforeEnd,
    ...(config.escalationWorkingDays ? { escalationWorkingDays: config.escalationWorkingDays } : {}),
    ...(config.schoolHolidays.length > 0 ? { schoolHolidays: config.schoolHolidays } : {}),
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

/** The sweep, the queue and a worker, wired to one storage account. */
export interface ReminderService {
  readonly sweep: ReminderSweep;
  readonly worker: ReminderWorker;
  readonly queue: ReminderQueue;
  /** One sweep at `now`, then delivers everything on the queue (for a cron job or a timer trigger). */
  runOnce(now: Date): Promise<SweepResult>;
  /** Runs the schedule and the worker in this process until {@link stop}. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

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
  const { config, store, logger } = options;
  const now = options.now ?? (() => new Date());
  const instanceId = options.share?.instanceId ?? newInstanceId();
  const rules = reminderRules(config);
  const queue = new ReminderQueue(options.storage, config.queueName);
  const repos = {
    placements: new PlacementRepository(store),
    rounds: new RoundRepository(store),
    reminders: new ReminderRepository(store),
    conversations: new ConversationRepository(store),
    coordinators: new CoordinatorRepository(store),
  };
  const sweep = new ReminderSweep({
    ...repos,
    queue,
    rules,
    logger,
    instanceId,
    digestDay: config.coordinatorDigestDay,
  });
  const worker = new ReminderWorker({
    ...repos,
    queue,
    sender: options.sender,
    rules,
    logger,
    instanceId,
    now,
    ratePerSecond: config.ratePerSecond,
    conversationRatePerSecond: config.conversationRatePerSecond,
    visibilitySeconds: config.visibilitySeconds,
    ...(options.share ? { share: options.share } : {}),
  });
  let cron: Cron | undefined;
  const abort = new AbortController();
  let running: Promise<void> | undefined;
  return {
    sweep,
    worker,
    queue,
    async runOnce(at) {
      await queue.ensure();
      const result = await sweep.run(at);
      await worker.join();
      try {
        await worker.drain({ untilEmpty: true });
      } finally {
        await worker.leave();
      }
      return result;
    },
    async start() {
      await queue.ensure();
      cron = new Cron(config.schedule, { timezone: config.timeZone, protect: true }, async () => {
        await sweep
          .run(now())
          .then((result) => {
            if (result.queued > 0) worker.wake();
          })
          .catch((error: unknown) =>
            logger.error({ err: error, event: 'sweep_failed' }, 'reminder sweep failed'),
          );
      });
      running = worker.run(abort.signal);
      logger.info(
        { event: 'reminders_started', next: cron.nextRun()?.toISOString() },
        'reminder schedule running',
      );
    },
    async stop() {
      cron?.stop();
      abort.abort();
      await running?.catch(() => undefined);
    },
  };
}
