import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Logger } from '../logger';
import type { BackupManifest, BackupStore } from '../services/backups';
import type { Leases } from '../services/reminders';

/** Daily, at night in the school's time zone, before the retention purge at 02:30. */
export const BACKUP_SCHEDULE = '0 2 * * *';
const LEASE = 'table-backup';
// Held after a run, so the other instances, whose clocks fire moments later, skip the day.
const LEASE_TTL_MS = 60 * 60 * 1000;

/** The daily backup of every table, run by one instance at a time under a lease. */
export interface BackupSchedule {
  /** One backup at `now`, unless another instance holds the lease (then undefined). */
  runOnce(now: Date): Promise<BackupManifest | undefined>;
  start(): void;
  stop(): void;
}

export function createBackupSchedule(options: {
  /** Where the instances take turns: one backup a night. */
  leases: Leases;
  backups: BackupStore;
  retentionDays: number;
  timeZone: string;
  logger: Logger;
  now?: () => Date;
  instanceId?: string;
}): BackupSchedule {
  const { leases, backups, retentionDays, timeZone, logger } = options;
  const now = options.now ?? (() => new Date());
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  let cron: Cron | undefined;

  const runOnce = async (at: Date): Promise<BackupManifest | undefined> => {
    if (!(await leases.acquireLease(LEASE, instanceId, LEASE_TTL_MS, at))) return undefined;
    const started = Date.now();
    const manifest = await backups.backup(at);
    const removed = await backups.removeOlderThan(retentionDays, at);
    // Counts only.
    logger.info(
      {
        event: 'table_backup',
        id: manifest.id,
        rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
        ms: Date.now() - started,
        removedBlobs: removed,
      },
      'table backup made',
    );
    return manifest;
  };

  return {
    runOnce,
    start() {
      cron = new Cron(BACKUP_SCHEDULE, { timezone: timeZone, protect: true, unref: true }, async () => {
        await runOnce(now()).catch((error: unknown) =>
          logger.error({ err: error, event: 'table_backup_failed' }, 'table backup failed'),
        );
      });
    },
    stop() {
      cron?.stop();
    },
  };
}
