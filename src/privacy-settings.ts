import { z } from 'zod';

/** How long personal data is kept: placements after their end, and the daily table backups. */
export const privacySettingsShape = {
  RETENTION_MONTHS: z.coerce
    .number()
    .int()
    .min(1)
    .max(120)
    .default(18)
    .describe('Placements that ended more than this many months ago are purged (nightly, and `purge`).'),
  BACKUP_RETENTION_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a whole number of days, 1 to 365' })
    .int('must be a whole number of days, 1 to 365')
    .min(1, 'must be a whole number of days, 1 to 365')
    .max(365, 'must be a whole number of days, 1 to 365')
    .default(35)
    .describe(
      'Days a daily table backup is kept in the backup container before the lifecycle rule deletes it (1–365); keep it within the retention period.',
    ),
};

export const privacySettings = z.object(privacySettingsShape).transform((e) => ({
  /** Placements that ended more than this many months ago are purged. */
  retentionMonths: e.RETENTION_MONTHS,
  /** Days a table backup is kept (`BACKUP_RETENTION_DAYS`). */
  backupRetentionDays: e.BACKUP_RETENTION_DAYS,
}));

export type PrivacySettings = z.output<typeof privacySettings>;
