import { Cron } from 'croner';
import type { ReminderConfig } from '../config';
import { newInstanceId, type RateClaims, type SendRateShare } from '../delivery/rate-share';
import type { ReminderRules } from '../domain/reminders';
import type { Logger } from '../logger';
import type {
  Leases,
  ReminderConversations,
  ReminderCoordinators,
  ReminderLedger,
  ReminderPlacements,
  ReminderQueue,
  ReminderRounds,
  ReminderSender,
} from '../services/reminders';
import { ReminderSweep, type SweepResult } from './reminder-sweep';
import { ReminderWorker } from './reminder-worker';

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

/** Where the sweep and the worker read and write: the ports of the reminder use cases, and the leases. */
export interface ReminderStores {
  readonly placements: ReminderPlacements;
  readonly rounds: ReminderRounds;
  readonly reminders: ReminderLedger & Leases & RateClaims;
  readonly conversations: ReminderConversations;
  readonly coordinators: ReminderCoordinators;
}

/** The sweep, the queue and a worker, over one set of stores. */
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

export function reminderService(options: {
  config: ReminderConfig;
  stores: ReminderStores;
  /** The queue of reminder sends (in the account the stores' tables are in). */
  queue: ReminderQueue;
  sender: ReminderSender;
  logger: Logger;
  now?: () => Date;
  /** The process's share of Teams' limits, when its other proactive sends use it too. */
  share?: SendRateShare;
}): ReminderService {
  const { config, logger, queue, stores } = options;
  const now = options.now ?? (() => new Date());
  const instanceId = options.share?.instanceId ?? newInstanceId();
  const rules = reminderRules(config);
  const sweep = new ReminderSweep({
    ...stores,
    queue,
    rules,
    logger,
    instanceId,
    digestDay: config.coordinatorDigestDay,
  });
  const worker = new ReminderWorker({
    ...stores,
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
