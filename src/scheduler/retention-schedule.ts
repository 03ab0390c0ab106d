import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { localDate } from '../domain/privacy';
import type { Logger } from '../logger';
import { type PurgeDeps, type PurgeReport, purgeExpiredPlacements } from '../services/purge-placements';
import type { Leases } from '../services/reminders';

/** Daily, at night in the school's time zone, when nobody is using the bot. */
export const RETENTION_SCHEDULE = '30 2 * * *';
const LEASE = 'retention-purge';
// Held, not released, after a run: the other instances, whose clocks fire moments later, skip the day.
const LEASE_TTL_MS = 60 * 60 * 1000;

/** The daily retention purge of the bot process, run by one instance at a time. */
export interface RetentionSchedule {
  /** One purge at `now`, unless another instance holds the lease (then undefined). */
  runOnce(now: Date): Promise<PurgeReport | undefined>;
  start(): void;
  stop(): void;
  nextRun(): Date | undefined;
}

export function createRetentionSchedule(options: {
  /** Where the instances take turns: one purge a night. */
  leases: Leases;
  /** What the purge reads and removes. */
  purge: PurgeDeps;
  months: number;
  timeZone: string;
  logger: Logger;
  now?: () => Date;
  instanceId?: string;
}): RetentionSchedule {
  const { leases, months, timeZone, logger } = options;
  const now = options.now ?? (() => new Date());
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  let cron: Cron | undefined;

  const runOnce = async (at: Date): Promise<PurgeReport | undefined> => {
    if (!(await leases.acquireLease(LEASE, instanceId, LEASE_TTL_MS, at))) return undefined;
    const report = await purgeExpiredPlacements(
      { today: localDate(at, timeZone), months, dryRun: false },
      options.purge,
    );
    // Ids and counts only.
    logger.info(
      {
        event: 'retention_purge',
        cutoff: report.cutoff,
        placements: report.placements.map((p) => p.id),
        rows: report.rows,
        users: report.users,
        conversations: report.conversations,
      },
      'retention purge done',
    );
    return report;
  };

  return {
    runOnce,
    start() {
      cron = new Cron(RETENTION_SCHEDULE, { timezone: timeZone, protect: true, unref: true }, async () => {
        await runOnce(now()).catch((error: unknown) =>
          logger.error({ err: error, event: 'retention_purge_failed' }, 'retention purge failed'),
        );
      });
    },
    stop() {
      cron?.stop();
    },
    nextRun: () => cron?.nextRun() ?? undefined,
  };
}
